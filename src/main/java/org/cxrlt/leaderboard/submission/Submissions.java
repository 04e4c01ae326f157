package org.cxrlt.leaderboard.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.PhaseRef;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.SubmissionHeader;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ChallengeAccess;
import org.cxrlt.leaderboard.participant.Enrolments;
import org.cxrlt.leaderboard.participant.ParticipantStatus;
import org.cxrlt.leaderboard.participant.Teams;
import org.cxrlt.leaderboard.scoring.Groups;
import org.cxrlt.leaderboard.scoring.LabelResult;
import org.cxrlt.leaderboard.scoring.Means;
import org.cxrlt.leaderboard.scoring.ScoreStore;
import org.cxrlt.leaderboard.scoring.SubmissionQueue;
import org.cxrlt.leaderboard.system.CompressedUpload;
import org.cxrlt.leaderboard.system.HeaderLength;
import org.cxrlt.leaderboard.system.Paging;
import org.cxrlt.leaderboard.system.UploadSettings;
import org.cxrlt.leaderboard.system.Sizes;
import org.cxrlt.leaderboard.system.StoredFile;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

/**
 * Accepting submissions: the quick checks answer at once, before anything is stored; an accepted
 * file is stored and queued in one transaction, so a 202 is never lost.
 */
@Service
public class Submissions {

    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_IDEMPOTENCY_KEY = 200;

    /** How long an {@code Idempotency-Key} answers with the submission it stored. */
    public static final java.time.Duration IDEMPOTENCY_WINDOW = java.time.Duration.ofHours(24);

    /** How long an upload waits for its turn to be stored before a 503. */
    static final Duration STORING_WAIT = Duration.ofSeconds(60);

    static final String VIEW_QUERY = """
            select s.id, c.slug as challenge, t.slug as task, p.slug as phase, coalesce(tm.name, s.baseline_name) as team,
                   s.team_id,
                   s.status, s.submitted_at, s.scored_at, s.description, s.file_name, s.file_size, s.errors,
                   s.warnings, sc.map, sc.mauroc, sc.mf1, sc.mece, sc.head_map, sc.medium_map, sc.tail_map,
                   sc.answer_key_id, s.baseline_name, s.disqualification_reason,
                   s.method_name, s.method_description, s.code_url, s.paper_url
              from submission s
              join phase p on p.id = s.phase_id
              -- the score against the active answer key, else the latest one (kept until rescored)
              left join lateral (select x.* from score x where x.submission_id = s.id
                                  order by x.answer_key_id = p.active_answer_key_id desc, x.scored_at desc
                                  limit 1) sc on true
              join task t on t.id = p.task_id
              join challenge c on c.id = t.challenge_id
              left join team tm on tm.id = s.team_id
            """;

    private final Challenges challenges;
    private final SubmissionQueue queue;
    private final ScoreStore scores;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReadLimits limits;
    private final DataSize maxUploadSize;
    private final Clock clock;
    private final Quotas quotas;
    /** Resolves the caller's team, status and join request in the challenge at hand. */
    private final Enrolments enrolments;
    private final DataSize maxHeaderSize;
    private final Semaphore storing;
    /**
     * The turns an upload stored as it arrives may hold: one fewer than {@link #storing}, so that
     * uploads received whole always find a turn even while every other one is held by a sender
     * that has fallen silent mid-body (until {@code cxrlt.web.body-read-timeout} gives it up).
     */
    private final Semaphore streaming;

    private final ChallengeAccess access;
    private final UploadStages stages;
    /** {@link UploadSettings#streamWindow()}; set apart by tests of this package only. */
    private volatile Duration streamWindow;
    private volatile java.util.function.LongUnaryOperator restDeadline = deadline -> deadline;
    private final java.util.concurrent.atomic.AtomicLong storedAfterArriving = new java.util.concurrent.atomic.AtomicLong();

    Submissions(Challenges challenges, SubmissionQueue queue, ScoreStore scores, JdbcTemplate jdbc,
                TransactionTemplate transaction, ReadLimits limits,
                UploadSettings uploads, Clock clock, Quotas quotas, Enrolments enrolments,
                ChallengeAccess access, UploadStages stages) {
        this.stages = stages;
        this.enrolments = enrolments;
        this.access = access;
        this.maxHeaderSize = uploads.maxHeaderSize();
        this.storing = new Semaphore(uploads.concurrentStores(), true);
        this.streaming = new Semaphore(Math.max(0, uploads.concurrentStores() - 1));
        this.quotas = quotas;
        this.challenges = challenges;
        this.queue = queue;
        this.scores = scores;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.limits = limits;
        this.maxUploadSize = uploads.maxUploadSize();
        this.clock = clock;
        this.streamWindow = uploads.streamWindow();
    }

    /** For tests: the window of an upload stored as it arrives (0: none is). */
    void streamWindow(Duration window) {
        this.streamWindow = window;
    }

    /** The deadline of the fields after a file stored as it arrives, from the file's; set apart by tests only. */
    void restDeadline(java.util.function.LongUnaryOperator fromFiles) {
        this.restDeadline = fromFiles;
    }

    /** For tests: the turns to store. */
    Semaphore storingTurns() {
        return storing;
    }

    /** For tests: the turns of uploads stored as they arrive. */
    Semaphore streamingTurns() {
        return streaming;
    }

    /** For tests: how many uploads were still arriving after their window, and were stored from their file. */
    long storedAfterArriving() {
        return storedAfterArriving.get();
    }

    /** A participant's upload: every quick check first, then stored and queued. */
    public SubmissionView submit(Caller caller, String challenge, String task, String phase, InputStreamSource file,
                                 String fileName, long size, String description) throws IOException {
        caller = enrolments.in(caller, challenge);
        PhaseRef ref = admit(caller, challenge, task, phase);
        return enqueue(ref, caller.teamId(), caller.participantId(), file, fileName, size, description);
    }

    /**
     * The checks that need no file: who submits, to which phase, and whether it takes uploads.
     * Made before the upload is read, so that a refused client need not send it (curl waits for
     * "100 Continue" before sending a large body, which the server sends only when it reads it).
     *
     * @return the phase to submit to
     */
    public PhaseRef admit(Caller caller, String challenge, String task, String phase) {
        caller = enrolments.in(caller, challenge);
        mayCallerSubmit(caller);
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        refuseIfNotTakingUploads(ref);
        quotas.check(caller.teamId(), ref); // early answer; the binding check is made when storing
        return ref;
    }

    /** Open, not paused, with an answer key: checked at admission and again in the storing transaction. */
    private void refuseIfNotTakingUploads(PhaseRef ref) {
        Instant now = clock.instant();
        if (now.isBefore(ref.opensAt())) {
            throw SubmissionException.conflict("The " + ref.describe() + " is not open yet: it opens at " + ref.opensAt() + ".");
        }
        if (!ref.isOpen(now)) {
            throw SubmissionException.conflict("The " + ref.describe() + " is closed: it closed at " + ref.closesAt() + ".");
        }
        if (ref.rules().paused()) {
            throw SubmissionException.conflict("The " + ref.describe() + " is paused by the organizers: uploads are "
                    + "refused until they resume it.");
        }
        if (ref.answerKeyId() == null) {
            throw SubmissionException.conflict("The " + ref.describe() + " has no answer key yet, so nothing can be "
                    + "scored; submit again once the organizers have uploaded it.");
        }
    }

    /**
     * The submission an earlier upload with the same {@code Idempotency-Key} of this participant
     * stored (within {@link #IDEMPOTENCY_WINDOW}), checked before anything else about the upload:
     * a retry of an accepted upload is answered with it even once the phase has closed or the
     * quota is used up.
     *
     * @return empty without a key or an earlier upload
     * @throws SubmissionException (409) if the key was used for an upload to another phase
     */
    public Optional<SubmissionView> earlierUpload(Caller caller, String challenge, String task, String phase,
                                                  String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        Caller member = enrolments.in(caller, challenge);
        mayCallerSubmit(member);
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        Optional<Long> earlier = earlierSubmission(member.participantId(), idempotencyKey, ref);
        return earlier.map(id -> get(member, id));
    }

    private Optional<Long> earlierSubmission(Long participantId, String idempotencyKey, PhaseRef ref) {
        if (participantId == null || idempotencyKey == null) {
            return Optional.empty();
        }
        // now(), not the Clock: a key's created_at is the database's time (the column's default,
        // set in the upload's transaction), so its 24 h window is measured on that same clock.
        List<long[]> found = jdbc.query("""
                select k.submission_id, s.phase_id from idempotency_key k join submission s on s.id = k.submission_id
                 where k.participant_id = ? and k.key = ? and k.created_at > now() - make_interval(secs => ?)
                """, (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)}, participantId, idempotencyKey,
                (double) IDEMPOTENCY_WINDOW.toSeconds());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.get(0)[1] != ref.phaseId()) {
            throw SubmissionException.conflict("The Idempotency-Key '" + idempotencyKey + "' was used for submission "
                    + found.get(0)[0] + " to another phase; use a new key for a new upload.");
        }
        return Optional.of(found.get(0)[0]);
    }

    /** Refuses (400) an {@code Idempotency-Key} that is empty, too long, or not printable ASCII. */
    public static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY
                || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw SubmissionException.invalid("The Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " printable ASCII characters without spaces (a UUID is a good choice).");
        }
    }

    /**
     * The checks and storing of any submission, also those not made over HTTP (demo data).
     * The phase must have an answer key.
     */
    public SubmissionView enqueue(PhaseRef phase, long teamId, Long participantId, InputStreamSource file,
                                  String fileName, long size, String description) throws IOException {
        return enqueue(phase, teamId, participantId, new Upload(file, fileName, size, null, description, null));
    }

    /**
     * An upload as it came: {@code contentType}, {@code idempotencyKey} and {@code factSheet} may be null.
     */
    public record Upload(InputStreamSource file, String fileName, long size, String contentType, String description,
                         String idempotencyKey, FactSheet factSheet) {

        public Upload(InputStreamSource file, String fileName, long size, String contentType, String description,
                      String idempotencyKey) {
            this(file, fileName, size, contentType, description, idempotencyKey, null);
        }
    }

    /**
     * Checks the upload's size and header, then stores and queues it in one transaction that
     * first re-checks what admission checked (the phase open, not paused, with an answer key;
     * the quota, under the team's lock) and the {@code Idempotency-Key}. Nothing that can fail
     * comes after the commit: the answer is read inside the transaction.
     *
     * @return the stored submission, or the one an earlier upload with the same key stored
     */
    public SubmissionView enqueue(PhaseRef phase, long teamId, Long participantId, Upload upload) throws IOException {
        checkIdempotencyKey(upload.idempotencyKey());
        checkFields(phase, participantId, upload);
        long started = System.nanoTime();
        checkFile(upload, phase);
        stages.since("check", started);
        return storeFromFile(phase, teamId, participantId, upload).submission();
    }

    /** The description's length, and the fact sheet of a participant's upload (baselines and demo data carry none). */
    private static void checkFields(PhaseRef phase, Long participantId, Upload upload) {
        checkDescription(upload.description());
        if (participantId != null) {
            FactSheet.check(phase.rules().factSheet(), upload.factSheet(), phase.describe());
        }
    }

    /** Stores a checked upload whose whole file is at hand, once a turn to store is free. */
    private Enqueued storeFromFile(PhaseRef phase, long teamId, Long participantId, Upload upload)
            throws IOException {
        // Compressed as it is sent to the database, in the storing transaction (see insert).
        try (CompressedUpload stored = CompressedUpload.streamed(upload.file(), upload.size())) {
            // Storing transactions take turns for a share of the connection pool: a surge of
            // uploads waits here, not for a connection, whose short timeout means "database down".
            long started = System.nanoTime();
            if (!storing.tryAcquire(STORING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw SubmissionException.busy("The service is storing many uploads at once; nothing was stored, "
                        + "please send the file again in a few seconds.", Duration.ofSeconds(5));
            }
            stages.since("wait", started);
            try {
                return inStoringTransaction(() -> store(phase, teamId, participantId, upload,
                        checked -> insert(checked.phaseId(), Sender.team(teamId, participantId), stored, upload)));
            } finally {
                storing.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SubmissionException.busy("The service is stopping; nothing was stored, please send the file again.",
                    Duration.ofSeconds(5));
        }
    }

    /**
     * Runs a storing transaction, timing it ("store" up to the commit, then "commit"); the
     * transaction is rolled back if {@code work} answers with a submission stored earlier (an
     * {@code Idempotency-Key}'s), which makes whatever it sent meanwhile go.
     */
    private Enqueued inStoringTransaction(java.util.function.Supplier<Stored> work) {
        long[] storedAt = new long[1];
        long began = System.nanoTime();
        Enqueued view = transaction.execute(status -> {
            Stored stored = work.get();
            if (!stored.isNew()) {
                status.setRollbackOnly();
            }
            storedAt[0] = System.nanoTime();
            return new Enqueued(stored.view(), !stored.isNew());
        });
        stages.took("store", storedAt[0] - began);
        stages.since("commit", storedAt[0]);
        return view;
    }

    /**
     * What storing an upload answered: the submission, and whether it is one that an earlier
     * upload with the same {@code Idempotency-Key} stored (a replay: this upload stored nothing).
     *
     * @param submission the submission
     * @param replayed   whether another upload stored it; false: this one did
     */
    public record Enqueued(SubmissionView submission, boolean replayed) {
    }

    /** What {@link #store} answers: the submission, and whether this transaction stored it. */
    private record Stored(SubmissionView view, boolean isNew) {
    }

    /** What stores a checked upload's rows in the storing transaction: {@link #insert} or its streamed form. */
    @FunctionalInterface
    private interface Insert {
        /** @return the new submission's id */
        long into(PhaseRef phase);
    }

    /**
     * A participant's upload read from its multipart form as it arrives, after admission and the
     * {@code Idempotency-Key}'s replay: the file's first bytes are checked (empty, header: 422)
     * before anything is stored, and a file is refused (413) as soon as it passes the upload
     * limit. With a turn to store free at once, it is stored while it arrives
     * ({@link #storeWhileReceiving}); otherwise, or if it is still arriving after
     * {@code cxrlt.submissions.stream-window}, it is received into its temporary file, the fields
     * after it are read, and it is stored from the file as
     * {@link #enqueue(PhaseRef, long, Long, Upload)} stores an upload. A zip is always received
     * first: its header check reads it whole.
     *
     * @param key the {@code Idempotency-Key}, null if none
     * @return the stored submission, or the one an earlier upload with the same key stored (then
     *         {@link Enqueued#replayed()}: the two met in the storing transaction)
     */
    public Enqueued enqueue(PhaseRef phase, long teamId, long participantId, String key, IncomingForm form)
            throws IOException {
        checkIdempotencyKey(key);
        long started = System.nanoTime();
        IncomingForm.FilePart part = form.file();
        if (part.knownSize() > maxUploadSize.toBytes()) {
            throw SubmissionException.tooLarge("The file is larger than the limit of " + Sizes.describe(maxUploadSize) + ".");
        }
        try (InputStream content = part.content(); Reception received = Reception.of(content, maxUploadSize)) {
            long checking = System.nanoTime();
            if (received.isEmpty()) {
                throw SubmissionException.refusedFile("The file is empty.", List.of("The file is empty."));
            }
            byte[] first = received.first(4);
            // A zip's header is checked from its file: the check reads a zip whole (its directory is at its end).
            boolean zip = first.length == 4 && first[0] == 'P' && first[1] == 'K' && first[2] == 3 && first[3] == 4;
            if (!zip) {
                checkHead(received, CompressedUpload.isCompressed(first), phase);
            }
            long checked = System.nanoTime();
            stages.took("check", checked - checking);
            // Stored while it arrives only with a turn free at once: a surge receives into
            // temporary files and takes turns from there, as before, holding no connection.
            // A window of 0 stores every upload from its file.
            if (!zip && streamWindow.compareTo(Duration.ZERO) > 0 && takeTurnIfFree()) {
                try {
                    Optional<Enqueued> stored = storeWhileReceiving(phase, teamId, participantId, key, part,
                            form, received);
                    if (stored.isPresent()) {
                        return stored.get();
                    }
                } finally {
                    storing.release();
                    streaming.release();
                }
            }
            received.receiveRest();
            IncomingForm.Fields fields = form.rest();
            stages.took("parse", System.nanoTime() - started - (checked - checking));
            Upload upload = new Upload(received.file(), part.fileName(), received.size(), part.contentType(),
                    fields.description(), key, fields.factSheet());
            checkFields(phase, participantId, upload);
            if (zip) {
                checkFile(upload, phase);
            }
            return storeFromFile(phase, teamId, participantId, upload);
        }
    }

    /**
     * A turn to store if one is free now, in the waiting uploads' order (the semaphore is fair),
     * and the uploads stored as they arrive hold fewer than all turns ({@link #streaming}).
     */
    private boolean takeTurnIfFree() {
        if (!streaming.tryAcquire()) {
            return false;
        }
        try {
            if (storing.tryAcquire(0, TimeUnit.SECONDS)) {
                return true;
            }
            streaming.release();
            return false;
        } catch (InterruptedException e) {
            streaming.release();
            Thread.currentThread().interrupt();
            throw SubmissionException.busy("The service is stopping; nothing was stored, please send the file again.",
                    Duration.ofSeconds(5));
        }
    }

    /**
     * Stores an upload as it arrives, in one storing transaction: the submission's id is taken
     * from its sequence, the file received into its temporary file and, at the same time,
     * compressed and sent as rows of {@code submission_file_part} (whose reference to the
     * submission is checked at commit, V25); then the fields after the file are read, and the
     * upload is checked and stored as every upload is ({@link #store}). PostgreSQL stores the
     * first rows while the rest arrives: on this machine writing a task-1 file's rows costs it
     * about 0.3 s, which otherwise came after receiving it (0.2 s) and compressing it.
     *
     * @return empty if the upload was still arriving after {@link #streamWindow}: then nothing
     *         of it was stored (the transaction is rolled back, the connection freed), and it is
     *         received on into its temporary file only
     */
    private Optional<Enqueued> storeWhileReceiving(PhaseRef phase, long teamId, long participantId, String key,
                                                         IncomingForm.FilePart part, IncomingForm form,
                                                         Reception received) throws IOException {
        boolean asUploaded = CompressedUpload.isCompressed(received.first(4));
        // the format compressing() writes, chosen once with it
        CompressedUpload.Compression format = asUploaded ? CompressedUpload.Compression.AS_UPLOADED
                : CompressedUpload.compressingAs();
        long deadline = System.nanoTime() + streamWindow.toNanos();
        try {
            return Optional.of(inStoringTransaction(() -> {
                long id = jdbc.queryForObject("select nextval(pg_get_serial_sequence('submission', 'id'))", Long.class);
                long sending = System.nanoTime();
                long storedLength = StoredFile.write(jdbc, id, out -> {
                    // compressed and sent by a second thread while this one reads the body
                    HandOff handOff = new HandOff(asUploaded ? StreamUtils.nonClosing(out)
                            : CompressedUpload.compressing(out, format));
                    boolean ended = false;
                    try {
                        ended = received.receive(handOff, System::nanoTime, deadline);
                        if (ended) {
                            handOff.close();
                        }
                    } finally {
                        if (!ended) {
                            handOff.abandon(); // before the COPY is cancelled on this thread
                        }
                    }
                    if (!ended) {
                        throw new StillArriving();
                    }
                });
                stages.since("file", sending);
                IncomingForm.Fields fields;
                try {
                    // the turn and the connection are held while the fields arrive: the same window bounds them
                    fields = form.rest(restDeadline.applyAsLong(deadline));
                } catch (IncomingForm.TooSlow e) {
                    throw SubmissionException.tooSlow("The form's fields after the file arrived too slowly (more than "
                            + (streamWindow.toMillis() % 1000 == 0 ? streamWindow.toSeconds() + " s"
                                    : streamWindow.toMillis() + " ms") + "); nothing was stored. Send the upload again (fields before the file"
                            + " arrive first).");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Upload upload = new Upload(received.file(), part.fileName(), received.size(), part.contentType(),
                        fields.description(), key, fields.factSheet());
                checkFields(phase, participantId, upload);
                return store(phase, teamId, participantId, upload, checked -> {
                    insertRow(id, checked.phaseId(), Sender.team(teamId, participantId), upload);
                    insertFile(id, format, storedLength, upload);
                    try {
                        // the plain file, for this instance's workers (CompressedUpload.movePlainTo)
                        queue.announce(id, CompressedUpload.streamed(upload.file(), upload.size()), upload.size());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return id;
                });
            }));
        } catch (StillArriving e) {
            storedAfterArriving.incrementAndGet();
            return Optional.empty();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The upload was still arriving when its window to be stored as it arrives had passed. */
    private static final class StillArriving extends RuntimeException {
        StillArriving() {
            super(null, null, false, false);
        }
    }

    /**
     * The checks of a file's first bytes, as {@link #checkFile} makes them of a whole file, reading
     * no more of it than they need: the header's length, then the header itself, in the bytes
     * read so far for a plain file (the first check read past its end), else in as much of the
     * decompressed file as the core's reader takes at once.
     */
    private void checkHead(Reception received, boolean compressed, PhaseRef phase) throws IOException {
        try (InputStream in = received.head().getInputStream()) {
            HeaderLength.check(in, maxHeaderSize);
        }
        try (InputStream in = (compressed ? received.head() : received.readSoFar()).getInputStream()) {
            SubmissionHeader.check(in, phase.idColumn(), phase.labels(), limits);
        } catch (RefusedInputException e) {
            throw SubmissionException.refusedFile("The file", e);
        }
    }

    /** Refuses (400) a description longer than {@link #MAX_DESCRIPTION} characters; null is none. */
    static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw SubmissionException.invalid("The description is longer than " + MAX_DESCRIPTION + " characters.");
        }
    }

    /**
     * The checks of any upload's file before it is stored: within the upload limit (413), not
     * empty and with the phase's header (422).
     */
    void checkFile(Upload upload, PhaseRef phase) throws IOException {
        if (upload.size() > maxUploadSize.toBytes()) {
            throw SubmissionException.tooLarge("The file is larger than the limit of " + Sizes.describe(maxUploadSize) + ".");
        }
        if (upload.size() == 0) {
            throw SubmissionException.refusedFile("The file is empty.", List.of("The file is empty."));
        }
        checkHeader(upload.file(), phase);
    }

    /**
     * The quick check of an upload's header, the header's length bounded first so that no
     * line is read whole: every problem, as a 422.
     */
    public void checkHeader(InputStreamSource file, PhaseRef phase) throws IOException {
        try (InputStream in = file.getInputStream()) {
            HeaderLength.check(in, maxHeaderSize);
        }
        try (InputStream in = file.getInputStream()) {
            SubmissionHeader.check(in, phase.idColumn(), phase.labels(), limits);
        } catch (RefusedInputException e) {
            throw SubmissionException.refusedFile("The file", e);
        }
    }

    /** One submission, for its team or an organizer; 404 for anyone else, who may not know it exists. */
    public SubmissionView get(Caller caller, long id) {
        caller = enrolments.forSubmission(caller, id);
        SubmissionView view = view(id, true);
        // an organizer reads the submissions of their own challenges, like a team its own
        boolean organizer = caller.organizer() && access.organizes(caller, view.challenge());
        if (!organizer && !ownedBy(id, caller.teamId())) {
            throw SubmissionException.notFound("There is no submission " + id + " of your team.");
        }
        return organizer ? view : withoutHiddenLabels(view);
    }

    /** Per-label scores are left out for participants while the phase runs, if its rules say so. */
    private SubmissionView withoutHiddenLabels(SubmissionView view) {
        if (view.labels() == null) {
            return view;
        }
        PhaseRef phase = challenges.resolve(view.challenge(), view.task(), view.phase());
        if (phase.rules().labelScoresVisible() || phase.hasClosed(clock.instant())) {
            return view;
        }
        return new SubmissionView(view.id(), view.challenge(), view.task(), view.phase(), view.team(), view.status(),
                view.submittedAt(), view.scoredAt(), view.description(), view.fileName(), view.fileSize(),
                view.scores(), view.groups(), null, view.errors(), view.warnings(), view.baseline(),
                view.disqualified(), view.factSheet());
    }

    /** The caller's team's submissions in a phase, newest first, without per-label results. */
    public SubmissionPage list(Caller caller, String challenge, String task, String phase, int page, int size) {
        Paging paging = new Paging(page, size);
        PhaseRef ref = challenges.resolve(challenge, task, phase);
        caller = enrolments.in(caller, challenge);
        if (caller.organizer()) {
            throw SubmissionException.notAllowed("Only participants have submissions; the organizer token belongs to no team.");
        }
        if (caller.teamId() == null) {
            throw SubmissionException.notAllowed(Teams.noTeam(caller));
        }
        Long total = jdbc.queryForObject("select count(*) from submission where phase_id = ? and team_id = ?",
                Long.class, ref.phaseId(), caller.teamId());
        List<SubmissionView> items = jdbc.query(VIEW_QUERY
                        + " where s.phase_id = ? and s.team_id = ? order by s.submitted_at desc, s.id desc limit ? offset ?",
                (rs, row) -> toView(rs, false), ref.phaseId(), caller.teamId(), size, paging.offset());
        long totalItems = total == null ? 0 : total;
        return new SubmissionPage(items, page, size, totalItems, paging.pages(totalItems));
    }

    private void mayCallerSubmit(Caller caller) {
        if (caller.organizer()) {
            throw SubmissionException.notAllowed("The organizer token belongs to no team: submit with a participant's token.");
        }
        if (caller.status() == ParticipantStatus.PENDING) {
            throw SubmissionException.notAllowed("Your registration is still pending: you can submit once an organizer "
                    + "has approved it.");
        }
        if (caller.status() == ParticipantStatus.REJECTED) {
            throw SubmissionException.notAllowed("Your registration was rejected"
                    + (caller.rejectionReason() == null ? "" : " (" + caller.rejectionReason() + ")")
                    + ", so you cannot submit.");
        }
        if (caller.teamId() == null) {
            throw SubmissionException.notAllowed(Teams.noTeam(caller) + " Submissions are made for a team.");
        }
    }

    /**
     * The one home of the storing rules, in the storing transaction: the {@code Idempotency-Key}
     * (under its lock), the phase (share-locked) taking uploads and its fact-sheet rule, the quota
     * (reserved under the team's lock); then {@code insert} stores the rows.
     */
    private Stored store(PhaseRef admitted, long teamId, Long participantId, Upload upload, Insert insert) {
        String key = participantId == null ? null : upload.idempotencyKey();
        if (key != null) {
            // Two retries racing with the same key: one stores, the other then finds its submission.
            jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended(?, 0))",
                    "idempotency:" + participantId + ":" + key);
            Optional<Long> earlier = earlierSubmission(participantId, key, admitted);
            if (earlier.isPresent()) {
                return new Stored(view(earlier.get(), false), false);
            }
        }
        // The phase row is share-locked: an organizer closing or pausing it waits for this
        // upload to commit, or this upload sees the change; so does an answer key removal.
        jdbc.queryForList("select 1 from phase where id = ? for share", admitted.phaseId());
        PhaseRef phase = challenges.resolve(admitted.challenge(), admitted.task(), admitted.phase());
        if (phase.phaseId() != admitted.phaseId()) {
            throw SubmissionException.conflict("The " + admitted.describe() + " changed while the file was uploaded; "
                    + "please upload it again.");
        }
        refuseIfNotTakingUploads(phase);
        if (participantId != null) { // the phase's fact-sheet rule may have changed while the file was sent
            FactSheet.check(phase.rules().factSheet(), upload.factSheet(), phase.describe());
        }
        quotas.reserve(teamId, phase);
        long id = insert.into(phase);
        if (key != null) {
            // now(): the keys' own clock, as in earlierSubmission.
            jdbc.update("delete from idempotency_key where participant_id = ? and created_at <= now() - "
                    + "make_interval(secs => ?)", participantId, (double) IDEMPOTENCY_WINDOW.toSeconds());
            jdbc.update("insert into idempotency_key (participant_id, key, submission_id) values (?, ?, ?)",
                    participantId, key, id);
        }
        return new Stored(view(id, true), true);
    }

    /**
     * Who a stored submission is from: a team, with the participant who sent it (null for demo
     * data), or an organizers' baseline, by the name the leaderboard shows (then no team).
     */
    record Sender(Long teamId, Long participantId, String baselineName) {

        static Sender team(long teamId, Long participantId) {
            return new Sender(teamId, participantId, null);
        }

        static Sender baseline(String name) {
            return new Sender(null, null, name);
        }
    }

    /**
     * The one place a submission is stored, in the caller's transaction: its row (born
     * {@code QUEUED} by the column's default, its fact sheet if any), its file as rows of
     * {@code submission_file_part} sent while it is compressed ({@link StoredFile#write}), the
     * file's row in {@code submission_file}, and the queue's announcement, which PostgreSQL
     * delivers at commit. Checks nothing: the callers have checked the upload and the phase.
     *
     * @return the new submission's id
     */
    long insert(long phaseId, Sender from, CompressedUpload file, Upload upload) {
        long id = jdbc.queryForObject("select nextval(pg_get_serial_sequence('submission', 'id'))", Long.class);
        insertRow(id, phaseId, from, upload);
        long started = System.nanoTime();
        long stored = StoredFile.write(jdbc, id, file::writeTo);
        stages.since("file", started);
        insertFile(id, file.compression(), stored, upload);
        queue.announce(id, file, upload.size()); // this instance's workers may read the upload as it came
        return id;
    }

    /** The submission's row, born {@code QUEUED} by the column's default, with its fact sheet if any. */
    private void insertRow(long id, long phaseId, Sender from, Upload upload) {
        FactSheet sheet = upload.factSheet();
        jdbc.update("""
                insert into submission (id, phase_id, team_id, participant_id, baseline_name, description, file_name,
                                        file_size, submitted_at, method_name, method_description, code_url, paper_url)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, phaseId, from.teamId(), from.participantId(), from.baselineName(),
                upload.description(), upload.fileName(), upload.size(), Timestamp.from(clock.instant()),
                sheet == null ? null : sheet.methodName(), sheet == null ? null : sheet.methodDescription(),
                sheet == null ? null : sheet.codeUrl(), sheet == null ? null : sheet.paperUrl());
    }

    /** The row of the file stored in {@code submission_file_part}: its compression, length and content type. */
    private void insertFile(long id, CompressedUpload.Compression compression, long storedLength, Upload upload) {
        jdbc.update("insert into submission_file (submission_id, compression, stored_length, content_type) "
                + "values (?, ?, ?, ?)", id, compression.name(), storedLength,
                upload.contentType() == null || upload.contentType().isBlank() ? null : upload.contentType());
    }

    private boolean ownedBy(long id, Long teamId) {
        if (teamId == null) {
            return false;
        }
        Integer found = jdbc.queryForObject("select count(*) from submission where id = ? and team_id = ?",
                Integer.class, id, teamId);
        return found != null && found > 0;
    }

    SubmissionView view(long id, boolean withLabels) {
        List<SubmissionView> found = jdbc.query(VIEW_QUERY + " where s.id = ?", (rs, row) -> toView(rs, withLabels),
                id);
        if (found.isEmpty()) {
            throw SubmissionException.notFound("There is no submission " + id + " of your team.");
        }
        return found.get(0);
    }

    SubmissionView toView(ResultSet rs, boolean withLabels) throws SQLException {
        long id = rs.getLong("id");
        SubmissionStatus status = SubmissionStatus.valueOf(rs.getString("status"));
        boolean scored = status == SubmissionStatus.SCORED && rs.getObject("map") != null;
        Means means = scored ? new Means(rs.getDouble("map"), rs.getDouble("mauroc"), rs.getDouble("mf1"),
                rs.getDouble("mece")) : null;
        Groups groups = scored ? new Groups((Double) rs.getObject("head_map"), (Double) rs.getObject("medium_map"),
                (Double) rs.getObject("tail_map")) : null;
        List<LabelResult> labels = scored && withLabels ? scores.labels(id, rs.getLong("answer_key_id")) : null;
        Timestamp scoredAt = rs.getTimestamp("scored_at");
        return new SubmissionView(id, rs.getString("challenge"), rs.getString("task"), rs.getString("phase"),
                rs.getString("team"), status, rs.getTimestamp("submitted_at").toInstant(),
                scoredAt == null ? null : scoredAt.toInstant(), rs.getString("description"), rs.getString("file_name"),
                rs.getLong("file_size"), means, groups, labels,
                strings(rs.getArray("errors")), strings(rs.getArray("warnings")), rs.getString("baseline_name") != null,
                rs.getString("disqualification_reason"), factSheet(rs));
    }

    static FactSheet factSheet(ResultSet rs) throws SQLException {
        FactSheet sheet = new FactSheet(rs.getString("method_name"), rs.getString("method_description"),
                rs.getString("code_url"), rs.getString("paper_url"));
        return sheet.isEmpty() ? null : sheet;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
