package org.cxrlt.leaderboard.challenge.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cxrlt.leaderboard.challenge.AnswerKeySummary;
import org.cxrlt.leaderboard.challenge.AnswerKeyVersion;
import org.cxrlt.leaderboard.challenge.AnswerKeys;
import org.cxrlt.leaderboard.challenge.ChallengeView;
import org.cxrlt.leaderboard.challenge.Challenges;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Organizers: phase dates and answer keys. */
@RestController
@RequestMapping("/api/v1/admin/challenges/{challenge}/tasks/{task}/phases/{phase}")
class AdminChallengeController {

    private final Challenges challenges;
    private final AnswerKeys answerKeys;

    AdminChallengeController(Challenges challenges, AnswerKeys answerKeys) {
        this.challenges = challenges;
        this.answerKeys = answerKeys;
    }

    /**
     * Changes only what the body names: {@code {"closesAt": null}} makes the phase never close,
     * leaving {@code closesAt} out keeps it as it is.
     */
    @PatchMapping
    ChallengeView.PhaseView reschedule(@PathVariable String challenge, @PathVariable String task,
                                       @PathVariable String phase, @RequestBody PhaseChange change) {
        return challenges.reschedule(challenge, task, phase,
                Optional.ofNullable(change.opensAt()).flatMap(value -> value),
                Optional.ofNullable(change.closesAt()));
    }

    @PutMapping(path = "/answer-key", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    AnswerKeySummary uploadAnswerKey(@PathVariable String challenge, @PathVariable String task,
                                     @PathVariable String phase, @RequestPart("file") MultipartFile file)
            throws IOException {
        return answerKeys.upload(challenge, task, phase, file, file.getSize(), false);
    }

    /** Every stored answer key of the phase, newest first; the active one is marked. */
    @GetMapping("/answer-keys")
    List<AnswerKeyVersion> answerKeys(@PathVariable String challenge, @PathVariable String task,
                                      @PathVariable String phase) {
        return answerKeys.versions(challenge, task, phase);
    }

    @PostMapping("/answer-keys/{version}/activate")
    AnswerKeyVersion activate(@PathVariable String challenge, @PathVariable String task, @PathVariable String phase,
                              @PathVariable int version) {
        return answerKeys.activate(challenge, task, phase, version);
    }

    /** A field left out is null; a field sent as null is an empty Optional. */
    record PhaseChange(Optional<Instant> opensAt, Optional<Instant> closesAt) {
    }
}
