package org.cxrlt.leaderboard.site.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.cxrlt.leaderboard.challenge.ChallengeView;
import org.cxrlt.leaderboard.challenge.ChallengeView.PhaseView;
import org.cxrlt.leaderboard.challenge.ChallengeView.TaskView;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.challenge.Visibility;
import org.cxrlt.leaderboard.leaderboard.Leaderboard;
import org.cxrlt.leaderboard.leaderboard.LeaderboardEntry;
import org.cxrlt.leaderboard.leaderboard.LeaderboardSnapshots;
import org.cxrlt.leaderboard.leaderboard.Leaderboards;
import org.cxrlt.leaderboard.leaderboard.RankedLeaderboard;
import org.cxrlt.leaderboard.site.HeatMaps;
import org.cxrlt.leaderboard.site.PhaseStatus;
import org.cxrlt.leaderboard.site.SiteException;
import org.cxrlt.leaderboard.system.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The website: pages rendered on the server from the same services as the JSON API, readable
 * without JavaScript. Pages show what an anonymous reader of the API sees (a browser sends no
 * token to them); the participant and organizer pages call the API from the browser with the
 * token the user types.
 */
@Controller
class SiteController {

    /** Sortable columns: name to how an entry is read; numbers are compared, text by name. */
    private static final Map<String, Function<LeaderboardEntry, Comparable<?>>> SORT_KEYS = new HashMap<>();

    static {
        SORT_KEYS.put("rank", e -> e.rank() == null ? null : (double) e.rank());
        SORT_KEYS.put("team", e -> e.team().toLowerCase(Locale.ROOT));
        SORT_KEYS.put("mAP", e -> e.scores() == null ? null : e.scores().mAP());
        SORT_KEYS.put("mAUROC", e -> e.scores() == null ? null : e.scores().mAUROC());
        SORT_KEYS.put("mF1", e -> e.scores() == null ? null : e.scores().mF1());
        SORT_KEYS.put("mECE", e -> e.scores() == null ? null : e.scores().mECE());
        SORT_KEYS.put("head", e -> e.groups() == null ? null : e.groups().head());
        SORT_KEYS.put("medium", e -> e.groups() == null ? null : e.groups().medium());
        SORT_KEYS.put("tail", e -> e.groups() == null ? null : e.groups().tail());
        SORT_KEYS.put("submissions", e -> (double) e.submissions());
    }

    private final Challenges challenges;
    private final Leaderboards leaderboards;
    private final LeaderboardSnapshots snapshots;
    private final HeatMaps heatMaps;
    private final Clock clock;

    SiteController(Challenges challenges, Leaderboards leaderboards, LeaderboardSnapshots snapshots,
                   HeatMaps heatMaps, Clock clock) {
        this.challenges = challenges;
        this.leaderboards = leaderboards;
        this.snapshots = snapshots;
        this.heatMaps = heatMaps;
        this.clock = clock;
    }

    @GetMapping("/")
    String home(Model model) {
        Instant now = clock.instant();
        model.addAttribute("challenges", challenges.list());
        model.addAttribute("status", new PhaseStatus(now));
        return "site/home";
    }

    @GetMapping("/challenges/{challenge}")
    String challenge(@PathVariable String challenge, Model model) {
        model.addAttribute("challenge", challenges.get(challenge));
        model.addAttribute("status", new PhaseStatus(clock.instant()));
        return "site/challenge";
    }

    @GetMapping("/challenges/{challenge}/tasks/{task}/phases/{phase}")
    String leaderboard(@PathVariable String challenge, @PathVariable String task, @PathVariable String phase,
                       @RequestParam(required = false) String snapshot, @RequestParam(required = false) String sort,
                       @RequestParam(required = false) String dir, Model model,
                       jakarta.servlet.http.HttpServletResponse response) {
        Instant now = clock.instant();
        ChallengeView view = challenges.get(challenge);
        TaskView taskView = view.tasks().stream().filter(t -> t.slug().equals(task)).findFirst()
                .orElseThrow(() -> SiteException.notFound("Challenge " + challenge + " has no task '" + task + "'."));
        PhaseView phaseView = taskView.phases().stream().filter(p -> p.slug().equals(phase)).findFirst()
                .orElseThrow(() -> SiteException.notFound("Task " + task + " has no phase '" + phase + "'."));
        model.addAttribute("challenge", view);
        model.addAttribute("task", taskView);
        model.addAttribute("phase", phaseView);
        model.addAttribute("status", new PhaseStatus(now));
        String api = "/api/v1/challenges/" + challenge + "/tasks/" + task + "/phases/" + phase + "/leaderboard";
        boolean closed = phaseView.closesAt() != null && !now.isBefore(phaseView.closesAt());
        boolean hidden = phaseView.visibility() == Visibility.HIDDEN_UNTIL_CLOSE && !closed;
        model.addAttribute("hidden", hidden);

        Leaderboard board;
        String version;
        String snapshotName = snapshot == null || snapshot.isBlank() ? null : snapshot;
        try {
            if (snapshotName != null) {
                LeaderboardSnapshots.Snapshot found = snapshots.get(challenge, task, phase, snapshotName, false);
                board = found.leaderboard();
                version = "snapshot-" + found.name() + "-" + found.takenAt();
                model.addAttribute("snapshot", found);
            } else {
                RankedLeaderboard ranked = leaderboards.leaderboardFor(challenge, task, phase, false);
                board = ranked.leaderboard();
                version = ranked.version();
                model.addAttribute("finalSnapshot", hasFinalSnapshot(challenge, task, phase));
            }
        } catch (ProblemException e) {
            if (!isForbiddenOrNotFound(e)) {
                throw e;
            }
            response.setStatus(e.getStatusCode().value());
            model.addAttribute("refusal", e.getMessage());
            return "site/leaderboard";
        }
        String sortKey = SORT_KEYS.containsKey(sort) && !hidden ? sort : (hidden ? "team" : "rank");
        boolean descending = dir == null ? defaultDescending(sortKey) : dir.equals("desc");
        List<LeaderboardEntry> entries = sorted(board.entries(), sortKey, descending);
        model.addAttribute("board", board);
        // the challenge's metrics shown, mAP first, then the groups' mAP
        List<String> metrics = board.metricsOrAll();
        List<String> columns = new ArrayList<>(List.of("rank", "team"));
        columns.addAll(metrics);
        columns.addAll(List.of("head", "medium", "tail", "submissions"));
        model.addAttribute("metrics", metrics);
        model.addAttribute("columns", hidden ? List.of("team", "submissions") : columns);
        model.addAttribute("entries", entries);
        model.addAttribute("ties", ties(board.entries()));
        model.addAttribute("sort", sortKey);
        String self = "/challenges/" + challenge + "/tasks/" + task + "/phases/" + phase;
        model.addAttribute("self", self);
        Map<String, String> sortLinks = new HashMap<>();
        for (String key : SORT_KEYS.keySet()) {
            boolean nextDescending = key.equals(sortKey) ? !descending : defaultDescending(key);
            sortLinks.put(key, org.springframework.web.util.UriComponentsBuilder.fromPath(self)
                    .queryParamIfPresent("snapshot", java.util.Optional.ofNullable(snapshotName))
                    .queryParam("sort", key).queryParam("dir", nextDescending ? "desc" : "asc")
                    .encode().build().toUriString());
        }
        model.addAttribute("sortLinks", sortLinks);
        model.addAttribute("descending", descending);
        model.addAttribute("csvUrl", api + "?format=csv" + (snapshotName == null ? "" : "&snapshot=" + snapshotName));
        model.addAttribute("jsonUrl", api + (snapshotName == null ? "" : "?snapshot=" + snapshotName));
        boolean labelsVisible = !hidden && (phaseView.labelScoresVisible() || closed);
        model.addAttribute("labelsVisible", labelsVisible);
        if (labelsVisible && snapshotName == null) {
            List<HeatMaps.Team> ranked = board.entries().stream()
                    .filter(e -> !e.baseline() && e.rank() != null && e.submissionId() != null)
                    .map(e -> new HeatMaps.Team(e.team(), e.submissionId())).toList();
            model.addAttribute("heatMap", heatMaps.svg(challenge, task, phase, version, taskView.labels(),
                    taskView.groups().labelGroups(), ranked));
        }
        return "site/leaderboard";
    }

    @GetMapping("/participant")
    String participant(Model model) {
        model.addAttribute("challenges", challenges.list());
        return "site/participant";
    }

    @GetMapping("/organizer")
    String organizer(Model model) {
        model.addAttribute("challenges", challenges.list());
        return "site/organizer";
    }

    /** A 404 from any module is the not-found page; any other refusal, the problem detail the API answers. */
    @ExceptionHandler(ProblemException.class)
    Object refused(ProblemException e) {
        if (e.getStatusCode() != HttpStatus.NOT_FOUND) {
            return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders()).body(e.getBody());
        }
        ModelAndView page = new ModelAndView("site/not-found", HttpStatus.NOT_FOUND);
        page.addObject("message", e.getMessage());
        return page;
    }

    private boolean hasFinalSnapshot(String challenge, String task, String phase) {
        try {
            snapshots.get(challenge, task, phase, LeaderboardSnapshots.FINAL, false);
            return true;
        } catch (ProblemException e) {
            if (!isForbiddenOrNotFound(e)) {
                throw e;
            }
            return false;
        }
    }

    private static boolean isForbiddenOrNotFound(ProblemException e) {
        return e.getStatusCode() == HttpStatus.FORBIDDEN || e.getStatusCode() == HttpStatus.NOT_FOUND;
    }

    private static boolean defaultDescending(String key) {
        return !(key.equals("rank") || key.equals("team") || key.equals("mECE"));
    }

    /** Sorted by the key, entries without a value last whatever the direction; ties keep the served order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<LeaderboardEntry> sorted(List<LeaderboardEntry> entries, String key, boolean descending) {
        if (key.equals("rank") && !descending) {
            return entries;
        }
        Function<LeaderboardEntry, Comparable<?>> read = SORT_KEYS.get(key);
        Comparator<Comparable> order = descending ? Comparator.<Comparable>naturalOrder().reversed()
                : Comparator.<Comparable>naturalOrder();
        List<LeaderboardEntry> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparing(e -> (Comparable) read.apply(e), Comparator.nullsLast(order)));
        return copy;
    }

    /** Ranks held by more than one team. */
    private static java.util.Set<Integer> ties(List<LeaderboardEntry> entries) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        java.util.Set<Integer> tied = new java.util.HashSet<>();
        for (LeaderboardEntry e : entries) {
            if (e.rank() != null && !seen.add(e.rank())) {
                tied.add(e.rank());
            }
        }
        return tied;
    }
}
