package org.cxrlt.leaderboard.challenge.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.cxrlt.leaderboard.challenge.ChallengeView;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.cxrlt.leaderboard.system.PreparedResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public: the challenges, their tasks with labels in column order, and their phases; prepared
 * once until something changes or a phase opens or closes ({@link PreparedResponses}).
 */
@RestController
@RequestMapping("/api/v1/challenges")
class ChallengeController {

    private final Challenges challenges;
    private final PreparedResponses responses;
    private final JsonMapper json;
    private final Clock clock;

    ChallengeController(Challenges challenges, PreparedResponses responses, JsonMapper json, Clock clock) {
        this.challenges = challenges;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = ChallengeView.class))))
    ResponseEntity<byte[]> list(WebRequest request) {
        PreparedResponses.Prepared prepared = responses.get(List.class, () -> {
            List<ChallengeView> all = challenges.list();
            return prepare(all, all.stream());
        });
        return PreparedResponses.answer(prepared, request, MediaType.APPLICATION_JSON, null, null, new HttpHeaders());
    }

    @GetMapping(path = "/{challenge}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ChallengeView.class)))
    ResponseEntity<byte[]> get(@PathVariable String challenge, WebRequest request) {
        PreparedResponses.Prepared prepared = responses.get(new One(challenge), () -> {
            ChallengeView one = challenges.get(challenge);
            return prepare(one, Stream.of(one));
        });
        return PreparedResponses.answer(prepared, request, MediaType.APPLICATION_JSON, null, null, new HttpHeaders());
    }

    /** Valid until the next time a phase of these challenges opens or closes (its "open" changes then). */
    private PreparedResponses.Prepared prepare(Object view, Stream<ChallengeView> shown) {
        Instant now = clock.instant();
        Instant next = shown.flatMap(c -> c.tasks().stream()).flatMap(t -> t.phases().stream())
                .flatMap(p -> Stream.of(p.opensAt(), p.closesAt()))
                .filter(at -> at != null && at.isAfter(now))
                .min(Instant::compareTo).orElse(null);
        return PreparedResponses.Prepared.of(json.writeValueAsBytes(view), null, next);
    }

    private record One(String challenge) {
    }
}
