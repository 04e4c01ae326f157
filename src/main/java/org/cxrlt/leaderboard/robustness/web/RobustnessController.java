package org.cxrlt.leaderboard.robustness.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.robustness.AnalysisSummary;
import org.cxrlt.leaderboard.robustness.AnalysisView;
import org.cxrlt.leaderboard.robustness.OwnInterval;
import org.cxrlt.leaderboard.robustness.RobustnessAnalyses;
import org.cxrlt.leaderboard.robustness.RobustnessException;
import org.cxrlt.leaderboard.robustness.StartRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * How sure a phase's ranking is: organizers start paired bootstrap analyses and read them as
 * JSON, CSV and SVG pictures; a team reads its own entry's interval where the phase lets it see
 * scores.
 */
@RestController
class RobustnessController {

    private static final String PHASE = "/challenges/{challenge}/tasks/{task}/phases/{phase}";
    private static final String ADMIN = "/api/v1/admin" + PHASE + "/robustness";
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");

    private final RobustnessAnalyses analyses;

    RobustnessController(RobustnessAnalyses analyses) {
        this.analyses = analyses;
    }

    /** Queues an analysis; 202 with its location once it is stored. */
    @PostMapping(ADMIN)
    ResponseEntity<AnalysisView> start(@PathVariable String challenge, @PathVariable String task,
                                       @PathVariable String phase,
                                       @RequestBody(required = false) StartRequest request) {
        AnalysisView view = analyses.start(challenge, task, phase, request);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/admin/challenges/" + challenge + "/tasks/" + task + "/phases/" + phase
                        + "/robustness/" + view.analysis().id()))
                .body(view);
    }

    @GetMapping(ADMIN)
    List<AnalysisSummary> list(@PathVariable String challenge, @PathVariable String task, @PathVariable String phase) {
        return analyses.list(challenge, task, phase);
    }

    /** The analysis with its progress, and its result once DONE; {@code format=csv} for the result as CSV. */
    @GetMapping(ADMIN + "/{id}")
    ResponseEntity<?> get(@PathVariable String challenge, @PathVariable String task, @PathVariable String phase,
                          @PathVariable long id, @RequestParam(required = false) String format) {
        if (format == null || format.equals("json")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(analyses.get(challenge, task, phase, id));
        }
        if (!format.equals("csv")) {
            throw RobustnessException.invalid("format must be json or csv, not '" + format + "'.");
        }
        String csv = analyses.csv(challenge, task, phase, id);
        return ResponseEntity.ok().contentType(CSV).header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                + challenge + "-" + task + "-" + phase + "-robustness-" + id + ".csv\"").body(csv);
    }

    /** {@code forest.svg}, {@code ranks.svg} or {@code pairs.svg} of a finished analysis. */
    @GetMapping(ADMIN + "/{id}/{picture}.svg")
    ResponseEntity<String> picture(@PathVariable String challenge, @PathVariable String task,
                                   @PathVariable String phase, @PathVariable long id, @PathVariable String picture) {
        String svg = analyses.picture(challenge, task, phase, id, picture);
        return ResponseEntity.ok().contentType(SVG).header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\""
                + challenge + "-" + task + "-" + phase + "-robustness-" + id + "-" + picture + ".svg\"").body(svg);
    }

    /** The caller's team's entry in the phase's latest finished analysis. */
    @GetMapping("/api/v1" + PHASE + "/robustness/mine")
    OwnInterval mine(@AuthenticationPrincipal Caller caller, @PathVariable String challenge, @PathVariable String task,
                     @PathVariable String phase) {
        return analyses.mine(caller, challenge, task, phase);
    }
}
