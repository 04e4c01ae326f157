package org.cxrlt.leaderboard.leaderboard.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import org.cxrlt.leaderboard.leaderboard.Leaderboard;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.system.PreparedResponses;
import tools.jackson.databind.json.JsonMapper;
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

/**
 * Public: the ranked leaderboard of a phase, as JSON or CSV, with an ETag; prepared once per
 * version, audience and format ({@link PreparedResponses}), gzipped for clients that accept it.
 */
@RestController
class LeaderboardController {

    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final Leaderboards leaderboards;
    private final ChallengeAccess access;
    private final Challenges challenges;
    private final PreparedResponses responses;
    private final JsonMapper json;
    private final Clock clock;

    LeaderboardController(Leaderboards leaderboards, ChallengeAccess access, Challenges challenges,
                          PreparedResponses responses, JsonMapper json, Clock clock) {
        this.leaderboards = leaderboards;
        this.access = access;
        this.challenges = challenges;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/api/v1/challenges/{challenge}/tasks/{task}/phases/{phase}/leaderboard")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Leaderboard.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    ResponseEntity<byte[]> leaderboard(@PathVariable String challenge, @PathVariable String task,
                                       @PathVariable String phase, @RequestParam(required = false) String format,
                                       @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                       @AuthenticationPrincipal Caller caller, WebRequest request) {
        boolean csv = Formats.wantsCsv(format, accept);
        // hidden scores only for the challenge's own organizers
        boolean organizer = access.organizes(caller, challenge);
        // One prepared response per phase, audience and format: the audience is part of the key, so
        // that what organizers see (hidden scores, an organizers-only board) is never served to others.
        PreparedResponses.Prepared prepared = responses.get(new Key(challenge, task, phase, organizer, csv),
                () -> prepare(challenge, task, phase, organizer, csv));
        // Clients and caches may keep it but must ask again each time: a 304 costs nothing.
        // What organizers see may hold hidden scores: private, never kept by a shared cache.
        CacheControl cache = CacheControl.maxAge(0, TimeUnit.SECONDS).mustRevalidate();
        cache = organizer ? cache.cachePrivate() : cache.cachePublic();
        HttpHeaders headers = new HttpHeaders();
        if (csv) {
            headers.set(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                    .filename(FileNames.safeOr(challenge + "-" + task + "-" + phase + "-leaderboard.csv",
                            "leaderboard.csv")).build().toString());
        }
        return PreparedResponses.answer(prepared, request, csv ? CSV : MediaType.APPLICATION_JSON, cache,
                HttpHeaders.ACCEPT + ", " + HttpHeaders.AUTHORIZATION, headers);
    }

    private PreparedResponses.Prepared prepare(String challenge, String task, String phase, boolean organizer,
                                               boolean csv) {
        // Read before the board: a change of the closing time in between drops what is made here.
        Instant closesAt = challenges.resolve(challenge, task, phase).closesAt();
        RankedLeaderboard ranked = leaderboards.leaderboardFor(challenge, task, phase, organizer);
        byte[] body = csv ? ranked.csv().getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(ranked.leaderboard());
        // What others see of a phase hidden until it closes changes when it closes.
        Instant validUntil = !organizer && closesAt != null && clock.instant().isBefore(closesAt) ? closesAt : null;
        return PreparedResponses.Prepared.of(body, ranked.version() + (csv ? "-csv" : "-json"), validUntil);
    }

    private record Key(String challenge, String task, String phase, boolean organizer, boolean csv) {
    }
}
