package org.cxrlt.leaderboard.participant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.DisplayNames;
import org.cxrlt.leaderboard.system.Sizes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/**
 * Enrolments of accounts in challenges: each with its own team, evidence and decision by that
 * challenge's organizers, and the caller as a member of the challenge at hand ({@link #in}).
 * Evidence files are PDF, PNG or JPEG as their content says (magic bytes), at most
 * {@code cxrlt.enrolment.max-evidence-size} (default 5MB) each, stored in PostgreSQL and shown
 * only to the challenge's organizers.
 */
@Service
public class Enrolments {

    /**
     * The challenge the service ran alone before enrolments existed: registrations without a
     * challenge enrol in it, and the organizer endpoints without one in their path act on it.
     */
    public static final String FIRST_CHALLENGE = "cxr-lt-2024";

    /** PhysioNet usernames: letters, digits, '_', '-', '.'; we only bound them, PhysioNet owns the rule. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,150}");
    static final int MAX_DATA_ACCESS = 20_000;
    static final int MAX_REASON = 2_000;

    private final EnrolmentRepository enrolments;
    private final ParticipantRepository participants;
    private final Teams teams;
    private final ChallengeIds challenges;
    private final JdbcTemplate jdbc;
    private final OrganizerActions audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final long maxEvidenceBytes;

    Enrolments(EnrolmentRepository enrolments, ParticipantRepository participants, Teams teams,
               ChallengeIds challenges, JdbcTemplate jdbc, OrganizerActions audit, ApplicationEventPublisher events,
               Clock clock, @Value("${cxrlt.enrolment.max-evidence-size:5MB}") DataSize maxEvidenceSize) {
        this.enrolments = enrolments;
        this.participants = participants;
        this.teams = teams;
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.maxEvidenceBytes = maxEvidenceSize.toBytes();
    }

    /** The largest evidence file taken, in bytes. */
    public long maxEvidenceBytes() {
        return maxEvidenceBytes;
    }

    /**
     * The caller as a member of the challenge: its team, status and pending request there. A
     * participant not enrolled in it has no team and a null status; organizers (and null) are
     * returned as they are. 404 for an unknown challenge.
     */
    @Transactional(readOnly = true)
    public Caller in(Caller caller, String challenge) {
        if (caller == null || caller.organizer() || caller.participantId() == null) {
            return caller;
        }
        return in(caller, challenges.of(challenge).id());
    }

    /** The caller as a member of the challenge the submission was made in (unscoped if there is no such submission). */
    @Transactional(readOnly = true)
    public Caller forSubmission(Caller caller, long submissionId) {
        if (caller == null || caller.organizer() || caller.participantId() == null) {
            return caller;
        }
        Long challengeId = challenges.ofSubmission(submissionId);
        return challengeId == null ? Caller.ofAccount(caller.participantId()) : in(caller, challengeId);
    }

    private Caller in(Caller caller, long challengeId) {
        return enrolments.findByParticipantIdAndChallengeId(caller.participantId(), challengeId)
                .map(Enrolment::asCaller).orElseGet(() -> Caller.ofAccount(caller.participantId()));
    }

    /**
     * Enrols the caller in the challenge, pending its organizers' approval, with the evidence its
     * rules require; a rejected enrolment may be sent again (its old evidence is replaced, and a
     * team name other than its team's moves it to that team: {@link Teams#reapplied}).
     * 400 for missing or malformed fields and an email that must match and does not, 413 for a
     * file over the limit, 415 for a file that is not a PDF, PNG or JPEG, 409 when already enrolled.
     */
    @Transactional
    public EnrolmentView enrol(Caller caller, String challenge, EnrolmentForm form) {
        if (caller.organizer() || caller.participantId() == null) {
            throw ParticipantException.notAllowed("Organizers do not enrol: enrol with a participant's token.");
        }
        ChallengeIds.Ref ref = challenges.of(challenge);
        Participant participant = participants.findById(caller.participantId()).orElseThrow();
        EnrolmentRules rules = rules(ref.id());
        String teamName = DisplayNames.name("team", form.team(), Teams.MAX_NAME);
        String username = DisplayNames.optionalName("physionetUsername", form.physionetUsername(), 150);
        if (username != null && !USERNAME.matcher(username).matches()) {
            throw ParticipantException.invalid("physionetUsername must be a PhysioNet username: letters, digits, "
                    + "'_', '-' and '.', 1 to 150 characters.");
        }
        if (rules.physionetUsername() && username == null) {
            throw ParticipantException.invalid("The enrolment in " + ref.slug() + " needs your PhysioNet username "
                    + "(field physionetUsername).");
        }
        String email = form.physionetEmail() == null || form.physionetEmail().isBlank() ? null
                : form.physionetEmail().trim();
        if (rules.physionetEmailMatch()) {
            if (email == null) {
                throw ParticipantException.invalid("The enrolment in " + ref.slug() + " needs the email of your "
                        + "PhysioNet account (field physionetEmail), the same as this account's.");
            }
            if (!email.equalsIgnoreCase(participant.email())) {
                throw ParticipantException.invalid("The PhysioNet email " + email + " is not this account's email ("
                        + participant.email() + "): " + ref.slug() + " requires them to be the same. Register "
                        + "with your PhysioNet email, or change the one at PhysioNet.");
            }
        }
        if (email != null && email.length() > 320) {
            throw ParticipantException.invalid("physionetEmail must be at most 320 characters.");
        }
        List<EvidenceFile> files = new ArrayList<>();
        for (Evidence kind : Evidence.values()) {
            EnrolmentForm.Upload upload = form.files() == null ? null : form.files().get(kind);
            if (upload == null) {
                if (rules.requires(kind)) {
                    throw ParticipantException.invalid("The enrolment in " + ref.slug() + " needs " + describe(kind)
                            + " as a PDF, PNG or JPEG file in the multipart part '" + kind.part() + "'.");
                }
                continue;
            }
            files.add(checked(kind, upload));
        }
        Instant now = clock.instant();
        // one enrolment of a participant in a challenge at a time: two sent at once (a rejected one sent
        // again twice) would each move the enrolment to a team and leave teams owned by someone not in
        // them; the second waits here and then sees the first's result (409, already enrolled)
        jdbc.queryForList("select pg_advisory_xact_lock(hashtextextended(?, 0))",
                "enrolment:" + participant.id() + ":" + ref.id());
        Enrolment enrolment = enrolments.findByParticipantIdAndChallengeId(participant.id(), ref.id()).orElse(null);
        if (enrolment != null) {
            enrolment.reapply(now);
            jdbc.update("delete from enrolment_evidence where enrolment_id = ?", enrolment.id());
            teams.reapplied(enrolment, teamName);
        } else {
            enrolment = enrolments.save(new Enrolment(participant, ref.id(), now));
            teams.joinOrCreate(enrolment, teamName);
        }
        enrolment.physionet(username, email);
        enrolments.flush();
        for (EvidenceFile file : files) {
            jdbc.update("""
                    insert into enrolment_evidence (enrolment_id, kind, file_name, content_type, size, content, uploaded_at)
                    values (?, ?, ?, ?, ?, ?, ?)
                    """, enrolment.id(), file.kind().name(), file.fileName(), file.contentType(),
                    file.content().length, file.content(), Timestamp.from(now));
        }
        return view(enrolment, ref);
    }

    private EvidenceFile checked(Evidence kind, EnrolmentForm.Upload upload) {
        if (upload.size() > maxEvidenceBytes || upload.content().length > maxEvidenceBytes) {
            throw ParticipantException.tooLarge(capitalized(describe(kind)) + " is " + upload.size()
                    + " bytes; the most taken is " + Sizes.describe(DataSize.ofBytes(maxEvidenceBytes)) + ".");
        }
        if (upload.content().length == 0) {
            throw ParticipantException.invalid(capitalized(describe(kind)) + " is empty.");
        }
        String type = typeOf(upload.content());
        if (type == null) {
            throw new EvidenceTypeException(capitalized(describe(kind)) + " ('" + kind.part() + "') is not a PDF, PNG "
                    + "or JPEG file, judged by its content"
                    + (upload.declaredType() == null ? "" : " (it was sent as " + upload.declaredType() + ")")
                    + ": send a PDF, PNG or JPEG.");
        }
        String name = upload.fileName() == null || upload.fileName().isBlank() ? kind.part()
                : DisplayNames.name("file name", upload.fileName().replaceAll(".*[/\\\\]", ""), 255);
        return new EvidenceFile(kind, name, type, upload.content());
    }

    /** The type by the file's first bytes (its "magic number"), or null if none of the accepted ones. */
    static String typeOf(byte[] content) {
        if (startsWith(content, 0x25, 0x50, 0x44, 0x46, 0x2D)) { // %PDF-
            return "application/pdf";
        }
        if (startsWith(content, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(content, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        return null;
    }

    private static boolean startsWith(byte[] content, int... magic) {
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((content[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Evidence kind) {
        return switch (kind) {
            case CREDENTIAL_CERTIFICATE -> "the credential certificate";
            case DUA_PROOF -> "the proof of the signed data use agreement";
        };
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The caller's account with all its enrolments, oldest first. */
    @Transactional(readOnly = true)
    public Account account(Caller caller) {
        Participant participant = participants.findById(caller.participantId())
                .orElseThrow(() -> ParticipantException.notFound("No participant " + caller.participantId() + "."));
        List<EnrolmentView> views = new ArrayList<>();
        Enrolment first = null;
        for (Enrolment enrolment : enrolments.findByParticipantIdOrderByEnrolledAtAscIdAsc(participant.id())) {
            ChallengeIds.Ref ref = challenges.of(enrolment.challengeId());
            views.add(view(enrolment, ref));
            if (ref.slug().equals(ChallengeIds.FIRST)) {
                first = enrolment;
            }
        }
        ParticipantView legacy = first == null ? null : first.view();
        return new Account(participant.id(), participant.name(), participant.email(),
                legacy == null ? null : legacy.team(), participant.affiliation(),
                legacy == null ? null : legacy.status(), legacy == null ? null : legacy.rejectionReason(),
                participant.registeredAt(), legacy == null ? null : legacy.decidedAt(),
                legacy == null ? null : legacy.requestedTeam(), views);
    }

    private EnrolmentView view(Enrolment enrolment, ChallengeIds.Ref ref) {
        List<Evidence> kinds = jdbc.queryForList(
                "select kind from enrolment_evidence where enrolment_id = ? order by kind", String.class,
                enrolment.id()).stream().map(Evidence::valueOf).toList();
        return new EnrolmentView(ref.slug(), ref.title(), enrolment.team() == null ? null : enrolment.team().name(),
                enrolment.requestedTeam() == null ? null : enrolment.requestedTeam().name(), enrolment.status(),
                enrolment.reason(), enrolment.enrolledAt(), enrolment.decidedAt(), enrolment.physionetUsername(),
                kinds);
    }

    /** The challenge's enrolments in a status (all when null), oldest first, with their evidence: for its organizers. */
    @Transactional(readOnly = true)
    public List<EnrolmentReview> list(String challenge, ParticipantStatus status) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        List<Enrolment> found = status == null ? enrolments.findByChallengeIdOrderByEnrolledAtAscIdAsc(ref.id())
                : enrolments.findByChallengeIdAndStatusOrderByEnrolledAtAscIdAsc(ref.id(), status);
        return found.stream().map(e -> review(e, ref)).toList();
    }

    /** The challenge's enrolments in a status (all when null), in the shape registrations had. */
    @Transactional(readOnly = true)
    public List<ParticipantView> participants(String challenge, ParticipantStatus status) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        List<Enrolment> found = status == null ? enrolments.findByChallengeIdOrderByEnrolledAtAscIdAsc(ref.id())
                : enrolments.findByChallengeIdAndStatusOrderByEnrolledAtAscIdAsc(ref.id(), status);
        return found.stream().map(Enrolment::view).toList();
    }

    private EnrolmentReview review(Enrolment e, ChallengeIds.Ref ref) {
        Participant p = e.participant();
        List<EnrolmentReview.EvidenceSummary> evidence = jdbc.query("""
                select kind, file_name, content_type, size from enrolment_evidence where enrolment_id = ? order by kind
                """, (rs, row) -> {
            Evidence kind = Evidence.valueOf(rs.getString(1));
            return new EnrolmentReview.EvidenceSummary(kind, rs.getString(2), rs.getString(3), rs.getLong(4),
                    "/api/v1/admin/challenges/" + ref.slug() + "/enrolments/" + p.id() + "/evidence/" + kind.part());
        }, e.id());
        return new EnrolmentReview(p.id(), p.name(), p.email(), p.affiliation(),
                e.team() == null ? null : e.team().name(),
                e.requestedTeam() == null ? null : e.requestedTeam().name(), e.status(), e.reason(), e.enrolledAt(),
                e.decidedAt(), e.physionetUsername(), e.physionetEmail(), evidence);
    }

    /** An organizer approves the participant's enrolment in the challenge; publishes {@link EnrolmentDecided}. */
    @Transactional
    public EnrolmentReview approve(String challenge, long participantId) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        Enrolment enrolment = find(ref, participantId);
        EnrolmentReview before = review(enrolment, ref);
        enrolment.approve(clock.instant());
        teams.memberApproved(enrolment);
        enrolments.flush();
        EnrolmentReview after = review(enrolment, ref);
        audit.record("enrolment.approve", target(ref, participantId), before, after);
        Participant p = enrolment.participant();
        events.publishEvent(new EnrolmentDecided(p.id(), p.name(), p.email(), ref.slug(), ref.title(), true, null,
                dataAccessText(ref.id())));
        return after;
    }

    /** An organizer rejects the enrolment, with a reason shown to the participant; publishes {@link EnrolmentDecided}. */
    @Transactional
    public EnrolmentReview reject(String challenge, long participantId, String reason) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        String why = DisplayNames.text("reason", reason, MAX_REASON);
        Enrolment enrolment = find(ref, participantId);
        EnrolmentReview before = review(enrolment, ref);
        enrolment.reject(why, clock.instant());
        teams.ownerRejected(enrolment);
        enrolments.flush();
        EnrolmentReview after = review(enrolment, ref);
        audit.record("enrolment.reject", target(ref, participantId), before, after);
        Participant p = enrolment.participant();
        events.publishEvent(new EnrolmentDecided(p.id(), p.name(), p.email(), ref.slug(), ref.title(), false, why,
                null));
        return after;
    }

    /** The enrolment's decision, in the shape registrations had (the organizer endpoints without a challenge). */
    @Transactional
    public ParticipantView decide(String challenge, long participantId, boolean approve, String reason) {
        if (approve) {
            approve(challenge, participantId);
        } else {
            reject(challenge, participantId, reason);
        }
        return find(challenges.of(challenge), participantId).view();
    }

    /** One file of an enrolment's evidence: for the challenge's organizers. */
    @Transactional(readOnly = true)
    public EvidenceFile evidence(String challenge, long participantId, Evidence kind) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        Enrolment enrolment = find(ref, participantId);
        List<EvidenceFile> found = jdbc.query(
                "select file_name, content_type, content from enrolment_evidence where enrolment_id = ? and kind = ?",
                (rs, row) -> new EvidenceFile(kind, rs.getString(1), rs.getString(2), rs.getBytes(3)),
                enrolment.id(), kind.name());
        if (found.isEmpty()) {
            throw ParticipantException.notFound("The enrolment of participant " + participantId + " in " + ref.slug()
                    + " has no " + kind.part() + ".");
        }
        return found.get(0);
    }

    /** What an enrolment in the challenge must carry. */
    @Transactional(readOnly = true)
    public EnrolmentRules rules(String challenge) {
        return rules(challenges.of(challenge).id());
    }

    private EnrolmentRules rules(long challengeId) {
        List<EnrolmentRules> found = jdbc.query("""
                select physionet_username, credential_certificate, dua_proof, physionet_email_match
                  from enrolment_rules where challenge_id = ?
                """, (rs, row) -> new EnrolmentRules(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                rs.getBoolean(4)), challengeId);
        return found.isEmpty() ? EnrolmentRules.NONE : found.get(0);
    }

    /** The organizers choose what an enrolment in the challenge must carry; enrolments already made keep theirs. */
    @Transactional
    public EnrolmentRules setRules(String challenge, EnrolmentRules rules) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        EnrolmentRules before = rules(ref.id());
        jdbc.update("""
                insert into enrolment_rules (challenge_id, physionet_username, credential_certificate, dua_proof,
                                             physionet_email_match, updated_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (challenge_id) do update set physionet_username = excluded.physionet_username,
                    credential_certificate = excluded.credential_certificate, dua_proof = excluded.dua_proof,
                    physionet_email_match = excluded.physionet_email_match, updated_at = excluded.updated_at
                """, ref.id(), rules.physionetUsername(), rules.credentialCertificate(), rules.duaProof(),
                rules.physionetEmailMatch(), Timestamp.from(clock.instant()));
        audit.record("enrolment.rules", ref.slug(), before, rules);
        return rules;
    }

    /**
     * The challenge's data-access instructions, for its approved members and organizers: 403 for
     * anyone else (pending, rejected, not enrolled), 404 while the organizers have set none.
     */
    @Transactional(readOnly = true)
    public String dataAccess(Caller caller, String challenge) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        // the organizers of this challenge (and the administrator), not those of another
        if (caller.organizer() && !caller.organizes(ref.id())) {
            throw ParticipantException.notAllowed("The data of " + ref.slug() + " is released to its approved members and "
                    + "organizers: you do not organize it.");
        }
        if (!caller.organizer()) {
            Caller member = in(caller, ref.id());
            if (member.status() != ParticipantStatus.APPROVED) {
                throw ParticipantException.notAllowed(member.status() == null
                        ? "The data of " + ref.slug() + " is released to its approved members: you are not enrolled "
                                + "in it."
                        : "The data of " + ref.slug() + " is released to its approved members: your enrolment is "
                                + member.status().name().toLowerCase(Locale.ROOT)
                                + (member.rejectionReason() == null ? "" : " (" + member.rejectionReason() + ")") + ".");
            }
        }
        String text = dataAccessText(ref.id());
        if (text == null) {
            throw ParticipantException.notFound("The organizers of " + ref.slug() + " have not published the data-access "
                    + "instructions yet.");
        }
        return text;
    }

    /** The organizers set the data-access instructions (text with links; null or blank removes them). */
    @Transactional
    public Map<String, Object> setDataAccess(String challenge, String text) {
        ChallengeIds.Ref ref = challenges.of(challenge);
        String value = text == null || text.isBlank() ? null : DisplayNames.text("text", text, MAX_DATA_ACCESS);
        String before = dataAccessText(ref.id());
        jdbc.update("""
                insert into enrolment_rules (challenge_id, data_access, updated_at) values (?, ?, ?)
                on conflict (challenge_id) do update set data_access = excluded.data_access,
                                                         updated_at = excluded.updated_at
                """, ref.id(), value, Timestamp.from(clock.instant()));
        audit.record("enrolment.data-access", ref.slug(), before, value);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("challenge", ref.slug());
        result.put("text", value);
        return result;
    }

    private String dataAccessText(long challengeId) {
        List<String> found = jdbc.queryForList("select data_access from enrolment_rules where challenge_id = ?",
                String.class, challengeId);
        return found.isEmpty() ? null : found.get(0);
    }

    private Enrolment find(ChallengeIds.Ref ref, long participantId) {
        return enrolments.findByParticipantIdAndChallengeId(participantId, ref.id())
                .orElseThrow(() -> ParticipantException.notFound("Participant " + participantId + " is not enrolled in "
                        + ref.slug() + "."));
    }

    private static String target(ChallengeIds.Ref ref, long participantId) {
        return ref.slug() + "/participant:" + participantId;
    }
}
