package org.cxrlt.leaderboard.leaderboard.web;

import java.util.concurrent.TimeUnit;
import org.cxrlt.leaderboard.leaderboard.RankedLeaderboard;
import org.cxrlt.leaderboard.participant.Caller;
import org.cxrlt.leaderboard.participant.ChallengeAccess;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.cxrlt.leaderboard.leaderboard.Leaderboards;
import org.springframework.http.CacheControl;
import org.cxrlt.leaderboard.system.FileNames;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Public: the ranked leaderboard of a phase, as JSON or CSV, with an ETag. */
@RestController
class LeaderboardController {

    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final Leaderboards leaderboards;
    private final ChallengeAccess access;

    LeaderboardController(Leaderboards leaderboards, ChallengeAccess access) {
        this.leaderboards = leaderboards;
        this.access = access;
    }

    @GetMapping("/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}/leaderboard")
    ResponseEntity<?> leaderboard(@PathVariable String challenge, @PathVariable String task,
                                  @PathVariable String phase, @RequestParam(required = false) String format,
                                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                  @AuthenticationPrincipal Caller caller, WebRequest request) {
        boolean csv = Formats.wantsCsv(format, accept);
        // hidden scores only for the challenge's own organizers
        boolean organizer = access.organizes(caller, challenge);
        RankedLeaderboard ranked = leaderboards.leaderboardFor(challenge, task, phase, organizer);
        String etag = "\"" + ranked.version() + (csv ? "-csv" : "-json") + "\"";
        // Clients and caches may keep it but must ask again each time: a 304 costs one small query.
        // What organizers see may hold hidden scores: private, never kept by a shared cache.
        CacheControl cache = CacheControl.maxAge(0, TimeUnit.SECONDS).mustRevalidate();
        cache = organizer ? cache.cachePrivate() : cache.cachePublic();
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(304).eTag(etag).cacheControl(cache)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT + ", " + HttpHeaders.AUTHORIZATION).build();
        }
        var ok = ResponseEntity.ok().eTag(etag).cacheControl(cache)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT + ", " + HttpHeaders.AUTHORIZATION);
        if (csv) {
            return ok.contentType(CSV).header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                    .filename(FileNames.safeOr(challenge + "-" + task + "-" + phase + "-leaderboard.csv",
                            "leaderboard.csv")).build().toString())
                    .body(ranked.csv());
        }
        return ok.contentType(MediaType.APPLICATION_JSON).body(ranked.leaderboard());
    }

}
