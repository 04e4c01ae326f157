package org.cxrlt.leaderboard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cxrlt.leaderboard.support.Arena;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change of a submission's status, allowed and forbidden, made through
 * {@link SubmissionQueue}, the only class that writes it. Each case runs in a transaction that
 * is rolled back: its row is never seen by the running workers, nor by any other test.
 */
class SubmissionLifeTests extends ServiceTests {

    private static final List<String> STATUSES = List.of("QUEUED", "SCORING", "SCORED", "FAILED", "CANCELLED");
    private static final String WORKER = "life-test/worker";

    @Autowired
    private SubmissionQueue queue;

    @Autowired
    private TransactionTemplate transaction;

    private long phaseId;
    private long teamId;

    /** An operation on the submission {@code id} (in the status given) that would make it {@link #target}. */
    private record Operation(String name, String target, Set<String> allowedFrom, BiConsumer<Long, String> run) {
    }

    private List<Operation> operations() {
        return List.of(
                new Operation("claim", "SCORING", Set.of("QUEUED", "SCORING"),
                        (id, from) -> queue.claimInPhase(WORKER + "-2", phaseId)),
                new Operation("markScored", "SCORED", Set.of("SCORING"),
                        (id, from) -> queue.markScored(claim(id, 1), List.of())),
                new Operation("markRefused", "FAILED", Set.of("SCORING"),
                        (id, from) -> queue.markRefused(claim(id, 1), List.of("refused"))),
                new Operation("release with attempts left", "QUEUED", Set.of("SCORING"),
                        (id, from) -> queue.release(claim(id, 1), false)),
                new Operation("release on the last attempt", "FAILED", Set.of("SCORING"),
                        (id, from) -> queue.release(claim(id, 3), false)),
                new Operation("giveBack", "QUEUED", Set.of("SCORING"),
                        (id, from) -> queue.giveBack(claim(id, 1))),
                new Operation("cancel", "CANCELLED", Set.of("QUEUED"),
                        (id, from) -> queue.cancel(id, teamId)),
                new Operation("requeue", "QUEUED", Set.of("SCORED", "FAILED"),
                        (id, from) -> queue.requeue(id, from)),
                new Operation("requeuePhase", "QUEUED", Set.of("SCORED", "FAILED"),
                        (id, from) -> queue.requeuePhase(phaseId)));
    }

    @BeforeEach
    void phase() throws Exception {
        Arena arena = Arena.create(mvc, "");
        phaseId = jdbc.queryForObject("select p.id from phase p join task t on t.id = p.task_id "
                + "join challenge c on c.id = t.challenge_id where c.slug = ?", Long.class, arena.slug);
        String team = api().approved(arena, "Life").team();
        teamId = jdbc.queryForObject("select id from team where name = ?", Long.class, team);
    }

    @Test
    void everyOperationChangesOnlyTheStatusesItIsAllowedFrom() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Operation operation : operations()) {
            for (String from : STATUSES) {
                String key = operation.name() + " from " + from;
                outcomes.put(key, inRolledBackTransaction(() -> {
                    long id = insert(from, "now() - interval '1 minute'", null);
                    operation.run().accept(id, from);
                    return status(id);
                }));
                expected.put(key, operation.allowedFrom().contains(from) ? operation.target() : from);
            }
        }
        assertThat(outcomes).containsExactlyEntriesOf(expected);
    }

    @Test
    void theAllowedTransitionsAreExactlyThese() {
        List<String> allowed = new ArrayList<>();
        for (Operation operation : operations()) {
            for (String from : STATUSES) {
                if (operation.allowedFrom().contains(from)) {
                    allowed.add(from + " -> " + operation.target());
                }
            }
        }
        assertThat(allowed.stream().distinct()).containsExactlyInAnyOrder(
                "QUEUED -> SCORING", "SCORING -> SCORING", "SCORING -> SCORED", "SCORING -> FAILED",
                "SCORING -> QUEUED", "QUEUED -> CANCELLED", "SCORED -> QUEUED", "FAILED -> QUEUED");
    }

    @Test
    void aLiveLeaseIsNotClaimed() {
        assertThat(inRolledBackTransaction(() -> {
            long id = insert("SCORING", "now() + interval '10 minutes'", null);
            assertThat(queue.claimInPhase(WORKER + "-2", phaseId)).isEmpty();
            return status(id);
        })).isEqualTo("SCORING");
    }

    @Test
    void aSubmissionQueuedForARescoreIsNotCancelled() {
        assertThat(inRolledBackTransaction(() -> {
            long id = insert("QUEUED", "null", "now()");
            assertThat(queue.cancel(id, teamId)).isFalse();
            return status(id);
        })).isEqualTo("QUEUED");
    }

    @Test
    void anotherWorkersLeaseCannotBeMarked() {
        assertThat(inRolledBackTransaction(() -> {
            long id = insert("SCORING", "now() + interval '10 minutes'", null);
            Claim stolen = new Claim(id, phaseId, null, 1, "life-test/someone-else");
            assertThat(queue.markScored(stolen, List.of())).isFalse();
            queue.markRefused(stolen, List.of("refused"));
            queue.release(stolen, false);
            queue.giveBack(stolen);
            return status(id);
        })).isEqualTo("SCORING");
    }

    /** No SQL outside SubmissionQueue writes submission.status (a new submission takes the column's default). */
    @Test
    void onlySubmissionQueueWritesTheStatus() throws IOException {
        Pattern update = Pattern.compile("update\\s+submission\\s+(\\w+\\s+)?set\\b[^;\"]*?\\bstatus\\s*=",
                Pattern.CASE_INSENSITIVE);
        Pattern insert = Pattern.compile("insert\\s+into\\s+submission\\s*\\([^)]*\\bstatus\\b",
                Pattern.CASE_INSENSITIVE);
        List<String> writers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                if (update.matcher(source).find() || insert.matcher(source).find()) {
                    writers.add(file.getFileName().toString());
                }
            }
        }
        assertThat(writers).containsExactly("SubmissionQueue.java");
    }

    private Claim claim(long id, int attempt) {
        return new Claim(id, phaseId, null, attempt, WORKER);
    }

    private long insert(String status, String leaseExpiresAt, String rescoreRequestedAt) {
        boolean leased = status.equals("SCORING");
        return jdbc.queryForObject("insert into submission (phase_id, team_id, status, file_size, attempts, "
                + "lease_expires_at, leased_by, rescore_requested_at) values (?, ?, ?, 1, ?, "
                + (leased ? leaseExpiresAt : "null") + ", ?, " + (rescoreRequestedAt == null ? "null" : rescoreRequestedAt)
                + ") returning id", Long.class, phaseId, teamId, status, leased ? 1 : 0, leased ? WORKER : null);
    }

    private String status(long id) {
        return jdbc.queryForObject("select status from submission where id = ?", String.class, id);
    }

    private <T> T inRolledBackTransaction(java.util.function.Supplier<T> work) {
        return transaction.execute(status -> {
            status.setRollbackOnly();
            return work.get();
        });
    }
}
