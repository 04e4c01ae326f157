package org.cxrlt.leaderboard.challenge;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.cxrlt.leaderboard.evaluation.GroupRule;
import org.cxrlt.leaderboard.evaluation.LabelGroup;
import org.cxrlt.leaderboard.evaluation.LabelGroups;
import org.cxrlt.leaderboard.audit.OrganizerActions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Challenges, their tasks and phases: what can be read publicly, and the organizers' changes. */
@Service
public class Challenges {

    private static final long DEFINE_LOCK = 0x6465666eL; // "defn"

    private final ChallengeRepository challenges;
    private final TaskRepository tasks;
    private final PhaseRepository phases;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final OrganizerActions audit;
    private final LeaderboardVersions leaderboardVersions;

    Challenges(ChallengeRepository challenges, TaskRepository tasks, PhaseRepository phases, JdbcTemplate jdbc,
               Clock clock, OrganizerActions audit, LeaderboardVersions leaderboardVersions) {
        this.leaderboardVersions = leaderboardVersions;
        this.challenges = challenges;
        this.tasks = tasks;
        this.phases = phases;
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
     * The id column and label groups for scoring against an answer key, read from its challenge's
     * definition as it stands now.
     *
     * @throws ChallengeException (404) if there is no such answer key
     */
    @Transactional(readOnly = true)
    public ScoringTerms termsOfAnswerKey(long answerKeyId) {
        List<Long> phaseIds = jdbc.queryForList("select phase_id from answer_key where id = ?", Long.class,
                answerKeyId);
        if (phaseIds.isEmpty()) {
            throw ChallengeException.notFound("There is no answer key " + answerKeyId + ".");
        }
        Phase phase = phases.findById(phaseIds.get(0)).orElseThrow(() ->
                ChallengeException.notFound("There is no phase of answer key " + answerKeyId + "."));
        Task task = phase.task();
        return new ScoringTerms(task.challenge().idColumn(), groups(task));
    }

    /**
     * Changes a phase's dates and rules: {@code change} gets the current settings and returns the
     * new ones. A phase closing before it opens is refused (400, {@link PhaseSchedule#check}).
     */
    @Transactional
    public ChallengeView.PhaseView change(String challenge, String task, String phase,
                                          UnaryOperator<PhaseSettings> change) {
        Phase found = findPhase(challenge, task, phase);
        PhaseSettings before = new PhaseSettings(found.opensAt(), found.closesAt(), found.rules());
        PhaseSettings changed = change.apply(before);
        found.reschedule(changed.opensAt(), changed.closesAt());
        found.applyRules(changed.rules());
        audit.record("phase.update", ref(found).path(), before, changed);
        return phaseView(found, answerKeys(List.of(found)));
    }

    /**
     * Creates or updates a whole challenge from its definition; idempotent.
     *
     * @return the challenge as it now stands, and whether it was created
     */
    @Transactional
    public Defined define(String slug, ChallengeDefinition definition) {
        ChallengeDefinitions.check(slug, definition);
        // Two organizers defining the same new challenge at once: one creates, the other updates.
        jdbc.queryForList("select pg_advisory_xact_lock(?)", DEFINE_LOCK);
        Optional<Challenge> existing = challenges.findBySlug(slug);
        ChallengeView before = existing.map(this::view).orElse(null);
        Challenge found = existing.orElseGet(() -> challenges.save(new Challenge(slug,
                ChallengeDefinitions.titleOr(definition.title(), slug), clock.instant())));
        found.retitle(ChallengeDefinitions.titleOr(definition.title(), slug));
        String idColumn = ChallengeDefinitions.idColumn(definition);
        if (!idColumn.equals(found.idColumn()) && found.tasks().stream()
                .anyMatch(task -> hasSubmissions("p.task_id = ?", task.id()) || hasAnswerKey(task))) {
            throw ChallengeException.conflict("The id column of challenge '" + slug + "' cannot change from '"
                    + found.idColumn() + "' to '" + idColumn + "': it already has answer keys or submissions, "
                    + "which were read with it.");
        }
        List<String> metricsBefore = found.metricsShown();
        found.applyTerms(definition);
        if (!metricsBefore.equals(found.metricsShown())) {
            // the leaderboards show other columns now
            found.tasks().stream().flatMap(task -> task.phases().stream())
                    .forEach(phase -> leaderboardVersions.invalidate(phase.id()));
        }
        Map<String, ChallengeDefinition.TaskDefinition> wanted = new LinkedHashMap<>();
        definition.tasks().forEach(task -> wanted.put(task.slug(), task));
        for (Task task : List.copyOf(found.tasks())) {
            if (!wanted.containsKey(task.slug())) {
                removeTask(found, task);
            }
        }
        for (ChallengeDefinition.TaskDefinition taskDefinition : definition.tasks()) {
            Task task = found.task(taskDefinition.slug()).orElseGet(() -> {
                Task created = tasks.save(new Task(found, taskDefinition.slug(),
                        ChallengeDefinitions.titleOr(taskDefinition.title(), taskDefinition.slug()),
                        taskDefinition.labels()));
                found.tasks().add(created);
                return created;
            });
            defineTask(task, taskDefinition);
        }
        ChallengeView after = view(found);
        audit.record("challenge.define", slug, before, after);
        return new Defined(after, existing.isEmpty());
    }

    /** @param created true when the challenge did not exist before */
    public record Defined(ChallengeView challenge, boolean created) {
    }

    private void defineTask(Task task, ChallengeDefinition.TaskDefinition definition) {
        task.retitle(ChallengeDefinitions.titleOr(definition.title(), definition.slug()));
        List<String> names = definition.labels().stream().map(ChallengeDefinition.LabelDefinition::name).toList();
        if (!task.labels().equals(names)) {
            if (task.id() != null && (hasSubmissions("p.task_id = ?", task.id()) || hasAnswerKey(task))) {
                throw ChallengeException.conflict("The labels of task '" + task.slug() + "' cannot change: it already "
                        + "has an answer key or submissions, which were checked against its labels.");
            }
        }
        // training counts and groups may change at any time: scores made before keep their group means
        // until rescored
        if (!task.labelDefinitions().equals(normalized(definition.labels()))) {
            task.relabel(definition.labels());
        }
        Map<String, ChallengeDefinition.PhaseDefinition> wanted = new LinkedHashMap<>();
        definition.phases().forEach(phase -> wanted.put(phase.slug(), phase));
        for (Phase phase : List.copyOf(task.phases())) {
            if (!wanted.containsKey(phase.slug())) {
                removePhase(task, phase);
            }
        }
        for (ChallengeDefinition.PhaseDefinition phaseDefinition : definition.phases()) {
            String title = ChallengeDefinitions.titleOr(phaseDefinition.title(), phaseDefinition.slug());
            Phase phase = task.phase(phaseDefinition.slug()).orElseGet(() -> {
                Phase created = phases.save(new Phase(task, phaseDefinition.slug(), title,
                        phaseDefinition.opensAt(), phaseDefinition.closesAt()));
                task.phases().add(created);
                return created;
            });
            phase.retitle(title);
            phase.reschedule(phaseDefinition.opensAt(), phaseDefinition.closesAt());
            phase.applyRules(ChallengeDefinitions.rules(phaseDefinition, "tasks[" + task.slug() + "].phases["
                    + phaseDefinition.slug() + "]."));
        }
    }

    private void removeTask(Challenge challenge, Task task) {
        if (hasSubmissions("p.task_id = ?", task.id())) {
            throw ChallengeException.conflict("Task '" + task.slug() + "' has submissions, so it cannot be removed; "
                    + "keep it in the definition.");
        }
        for (Phase phase : List.copyOf(task.phases())) {
            removePhase(task, phase);
        }
        challenge.tasks().remove(task);
        tasks.delete(task);
    }

    private void removePhase(Task task, Phase phase) {
        if (hasSubmissions("p.id = ?", phase.id())) {
            throw ChallengeException.conflict("Phase '" + phase.slug() + "' of task '" + task.slug() + "' has submissions, "
                    + "so it cannot be removed; keep it in the definition.");
        }
        phases.flush();
        jdbc.update("update phase set active_answer_key_id = null where id = ?", phase.id());
        jdbc.update("delete from answer_key_label where answer_key_id in (select id from answer_key where phase_id = ?)",
                phase.id());
        jdbc.update("delete from answer_key where phase_id = ?", phase.id());
        task.phases().remove(phase);
        phases.delete(phase);
    }

    private boolean hasSubmissions(String where, long id) {
        Boolean found = jdbc.queryForObject("select exists (select 1 from submission s join phase p on p.id = s.phase_id"
                + " where " + where + ")", Boolean.class, id);
        return Boolean.TRUE.equals(found);
    }

    private boolean hasAnswerKey(Task task) {
        Boolean found = jdbc.queryForObject("select exists (select 1 from answer_key a join phase p on p.id = a.phase_id"
                + " where p.task_id = ?)", Boolean.class, task.id());
        return Boolean.TRUE.equals(found);
    }

    Phase findPhase(String challenge, String task, String phase) {
        Task foundTask = find(challenge).task(task).orElseThrow(() ->
                ChallengeException.notFound("Challenge '" + challenge + "' has no task '" + task + "'."));
        return foundTask.phase(phase).orElseThrow(() ->
                ChallengeException.notFound("Task '" + task + "' of challenge '" + challenge + "' has no phase '"
                        + phase + "'."));
    }

    private Challenge find(String challenge) {
        return challenges.findBySlug(challenge)
                .orElseThrow(() -> ChallengeException.notFound("There is no challenge '" + challenge + "'."));
    }

    private static List<ChallengeDefinition.LabelDefinition> normalized(
            List<ChallengeDefinition.LabelDefinition> labels) {
        return labels.stream().map(label -> TaskLabel.of(label).definition()).toList();
    }

    static PhaseRef ref(Phase phase) {
        Task task = phase.task();
        Challenge challenge = task.challenge();
        return new PhaseRef(phase.id(), challenge.slug(), task.slug(), phase.slug(), task.labels(),
                phase.opensAt(), phase.closesAt(), phase.activeAnswerKeyId(), phase.rules(), challenge.idColumn(),
                groups(task), challenge.metricsShown());
    }

    static LabelGroups groups(Task task) {
        return ChallengeDefinitions.groups(task.labelDefinitions(), task.challenge().groupRule());
    }

    private ChallengeView view(Challenge challenge) {
        List<Phase> phases = challenge.tasks().stream().flatMap(task -> task.phases().stream()).toList();
        Map<Long, AnswerKeyFacts> keys = answerKeys(phases);
        GroupRule rule = challenge.groupRule();
        return new ChallengeView(challenge.slug(), challenge.title(), challenge.idColumn(), challenge.trainingImages(),
                new ChallengeDefinition.GroupRuleDefinition(rule.headAbove(), rule.tailBelow()),
                challenge.metricsShown(), challenge.tasks().stream()
                .map(task -> new ChallengeView.TaskView(task.slug(), task.title(), task.labels(),
                        task.labelDefinitions(), groupsView(task),
                        task.phases().stream().map(phase -> phaseView(phase, keys)).toList()))
                .toList());
    }

    private static ChallengeView.GroupsView groupsView(Task task) {
        LabelGroups groups = groups(task);
        Map<LabelGroup, List<String>> members = new EnumMap<>(LabelGroup.class);
        for (LabelGroup group : LabelGroup.values()) {
            members.put(group, new ArrayList<>());
        }
        for (String label : task.labels()) {
            LabelGroup group = groups.of(label);
            if (group != null) {
                members.get(group).add(label);
            }
        }
        return new ChallengeView.GroupsView(List.copyOf(members.get(LabelGroup.HEAD)),
                List.copyOf(members.get(LabelGroup.MEDIUM)), List.copyOf(members.get(LabelGroup.TAIL)));
    }

    private ChallengeView.PhaseView phaseView(Phase phase, Map<Long, AnswerKeyFacts> keys) {
        AnswerKeyFacts key = phase.activeAnswerKeyId() == null ? null : keys.get(phase.activeAnswerKeyId());
        PhaseRules rules = phase.rules();
        return new ChallengeView.PhaseView(phase.slug(), phase.title(), phase.opensAt(), phase.closesAt(),
                phase.isOpen(clock.instant()), key != null, key == null ? null : key.synthetic(),
                key == null ? null : key.rows(), rules.maxPerDay(), rules.maxTotal(), rules.maxInFlight(),
                rules.paused(), rules.selection(), rules.visibility(), rules.labelScoresVisible(), rules.factSheet());
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
