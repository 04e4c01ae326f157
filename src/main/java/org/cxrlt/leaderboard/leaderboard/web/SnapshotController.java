package org.cxrlt.leaderboard.leaderboard.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.cxrlt.leaderboard.leaderboard.LeaderboardEntry;
import org.cxrlt.leaderboard.leaderboard.LeaderboardSnapshots;
import org.cxrlt.leaderboard.leaderboard.LeaderboardSnapshots.Snapshot;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ChallengeAccess;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.cxrlt.leaderboard.system.FileNames;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Frozen leaderboards: organizers freeze one; anyone reads it with {@code ?snapshot=name} (a
 * mapping of its own beside the live leaderboard's, chosen when the parameter is present).
 */
@RestController
class SnapshotController {

    private static final String PHASE = "/challenges/{challenge}/tasks/{task}/phases/{phase}";
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final LeaderboardSnapshots snapshots;
    private final ChallengeAccess access;

    SnapshotController(LeaderboardSnapshots snapshots, ChallengeAccess access) {
        this.snapshots = snapshots;
        this.access = access;
    }

    @PostMapping("/api/v1/admin" + PHASE + "/freeze")
    ResponseEntity<FrozenLeaderboard> freeze(@PathVariable String challenge, @PathVariable String task,
                                             @PathVariable String phase,
                                             @RequestBody(required = false) FreezeRequest request) {
        Snapshot snapshot = snapshots.freeze(challenge, task, phase, request == null ? null : request.name());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1" + "/challenges/" + challenge + "/tasks/" + task + "/phases/" + phase
                        + "/leaderboard?snapshot=" + snapshot.name()))
                .body(FrozenLeaderboard.of(snapshot));
    }

    @GetMapping(path = "/api/v1" + PHASE + "/leaderboard", params = "snapshot")
    ResponseEntity<?> snapshot(@AuthenticationPrincipal Caller caller, @PathVariable String challenge, @PathVariable String task, @PathVariable String phase,
                               @RequestParam String snapshot, @RequestParam(required = false) String format,
                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                               WebRequest request) {
        boolean csv = Formats.wantsCsv(format, accept);
        boolean organizer = access.organizes(caller, challenge); // hidden scores for its own organizers only
        Snapshot found = snapshots.get(challenge, task, phase, snapshot, organizer);
        // Never changes once taken: its name and time are a strong validator.
        String etag = "\"snapshot-" + found.name() + "-" + found.takenAt().toEpochMilli() + (csv ? "-csv" : "-json")
                + (organizer ? "-organizer" : "") + (found.hiddenCsv() != null ? "-hidden" : "")
                + "\"";
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(304).eTag(etag).build();
        }
        var ok = ResponseEntity.ok().eTag(etag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT + ", "
                + HttpHeaders.AUTHORIZATION);
        if (csv) {
            return ok.contentType(CSV).header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                    .filename(FileNames.safeOr(challenge + "-" + task + "-" + phase + "-leaderboard-" + found.name()
                            + ".csv", "leaderboard.csv")).build().toString()).body(found.csv());
        }
        return ok.contentType(MediaType.APPLICATION_JSON).body(FrozenLeaderboard.of(found));
    }


    record FreezeRequest(String name) {
    }

    /** The leaderboard as it stood, with the snapshot's name and when it was taken. */
    record FrozenLeaderboard(String snapshot, Instant frozenAt, String frozenBy, String challenge, String task,
                             String phase, String rankedBy, Instant updatedAt, List<LeaderboardEntry> entries) {

        static FrozenLeaderboard of(Snapshot snapshot) {
            var board = snapshot.leaderboard();
            return new FrozenLeaderboard(snapshot.name(), snapshot.takenAt(), snapshot.takenBy(), board.challenge(),
                    board.task(), board.phase(), board.rankedBy(), board.updatedAt(), board.entries());
        }
    }
}
