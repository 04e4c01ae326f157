package org.cxrlt.leaderboard.challenge;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.cxrlt.leaderboard.system.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Challenges, their tasks and phases: what can be read publicly, and the organizers' changes. */
@Service
public class Challenges {

    private final ChallengeRepository challenges;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final OrganizerActions audit;

    Challenges(ChallengeRepository challenges, JdbcTemplate jdbc, Clock clock, OrganizerActions audit) {
        this.challenges = challenges;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<ChallengeView> list() {
        return challenges.findAllByOrderByIdAsc().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public ChallengeView get(String challenge) {
        return view(find(challenge));
    }

    /** The phase named by the three slugs, or a 404 saying which part is unknown. */
    @Transactional(readOnly = true)
    public PhaseRef resolve(String challenge, String task, String phase) {
        return ref(findPhase(challenge, task, phase));
    }

    /**
     * Changes when a phase opens and closes.
     *
     * @param opensAt  empty to keep the current value
     * @param closesAt empty to keep the current value; a present null makes the phase never close
     */
    @Transactional
    public ChallengeView.PhaseView reschedule(String challenge, String task, String phase,
                                              Optional<Instant> opensAt, Optional<Optional<Instant>> closesAt) {
        Phase found = findPhase(challenge, task, phase);
        Map<String, Object> before = schedule(found);
        found.reschedule(opensAt.orElse(found.opensAt()),
                closesAt.isPresent() ? closesAt.get().orElse(null) : found.closesAt());
        audit.record("phase.update", ref(found).path(), before, schedule(found));
        return phaseView(found, answerKeys(List.of(found)));
    }

    private static Map<String, Object> schedule(Phase phase) {
        Map<String, Object> schedule = new LinkedHashMap<>(); // closesAt may be null
        schedule.put("opensAt", phase.opensAt());
        schedule.put("closesAt", phase.closesAt());
        return schedule;
    }

    Phase findPhase(String challenge, String task, String phase) {
        Task foundTask = find(challenge).task(task).orElseThrow(() ->
                new NotFoundException("Challenge '" + challenge + "' has no task '" + task + "'."));
        return foundTask.phase(phase).orElseThrow(() ->
                new NotFoundException("Task '" + task + "' of challenge '" + challenge + "' has no phase '"
                        + phase + "'."));
    }

    private Challenge find(String challenge) {
        return challenges.findBySlug(challenge)
                .orElseThrow(() -> new NotFoundException("There is no challenge '" + challenge + "'."));
    }

    static PhaseRef ref(Phase phase) {
        Task task = phase.task();
        return new PhaseRef(phase.id(), task.challenge().slug(), task.slug(), phase.slug(), task.labels(),
                phase.opensAt(), phase.closesAt(), phase.activeAnswerKeyId());
    }

    private ChallengeView view(Challenge challenge) {
        List<Phase> phases = challenge.tasks().stream().flatMap(task -> task.phases().stream()).toList();
        Map<Long, AnswerKeyFacts> keys = answerKeys(phases);
        return new ChallengeView(challenge.slug(), challenge.title(), challenge.tasks().stream()
                .map(task -> new ChallengeView.TaskView(task.slug(), task.title(), task.labels(),
                        task.phases().stream().map(phase -> phaseView(phase, keys)).toList()))
                .toList());
    }

    private ChallengeView.PhaseView phaseView(Phase phase, Map<Long, AnswerKeyFacts> keys) {
        AnswerKeyFacts key = phase.activeAnswerKeyId() == null ? null : keys.get(phase.activeAnswerKeyId());
        return new ChallengeView.PhaseView(phase.slug(), phase.title(), phase.opensAt(), phase.closesAt(),
                phase.isOpen(clock.instant()), key != null, key == null ? null : key.synthetic(),
                key == null ? null : key.rows());
    }

    private record AnswerKeyFacts(boolean synthetic, int rows) {
    }

    private Map<Long, AnswerKeyFacts> answerKeys(List<Phase> phases) {
        Long[] ids = phases.stream().map(Phase::activeAnswerKeyId).filter(id -> id != null).toArray(Long[]::new);
        Map<Long, AnswerKeyFacts> facts = new HashMap<>();
        if (ids.length > 0) {
            jdbc.query("select id, synthetic, rows from answer_key where id = any(?)",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", ids)),
                    rs -> {
                        facts.put(rs.getLong("id"), new AnswerKeyFacts(rs.getBoolean("synthetic"), rs.getInt("rows")));
                    });
        }
        return facts;
    }
}
