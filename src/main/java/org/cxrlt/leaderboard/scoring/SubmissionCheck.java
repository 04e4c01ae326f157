package org.cxrlt.leaderboard.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.cxrlt.leaderboard.evaluation.AnswerKey;
import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.cxrlt.leaderboard.evaluation.RefusedInputException;
import org.cxrlt.leaderboard.evaluation.Submission;
import org.springframework.stereotype.Component;

/**
 * The full check a submission gets at scoring time (ids, values, columns), against a phase's
 * answer key, without scoring it: what {@code .../validate} answers.
 */
@Component
public class SubmissionCheck {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SubmissionCheck.class);

    static final String OUT_OF_MEMORY = "the file could not be checked within the memory the service has for one "
            + "file; a line of many megabytes, or far more rows than the answer key, causes this";

    private final AnswerKeyCache answerKeys;
    private final ReadLimits limits;

    SubmissionCheck(AnswerKeyCache answerKeys, ReadLimits limits) {
        this.answerKeys = answerKeys;
        this.limits = limits;
    }

    /** @param errors empty when valid; every problem otherwise (the first 20 and the total) */
    public record Result(boolean valid, List<String> errors, List<String> warnings) {
    }

    public Result check(long answerKeyId, InputStream file) throws IOException {
        AnswerKey key;
        try {
            key = answerKeys.get(answerKeyId);
        } catch (RefusedInputException e) {
            throw new IllegalStateException("stored answer key " + answerKeyId + " no longer reads", e);
        }
        try {
            Submission submission = Submission.read(file, key, limits);
            return new Result(true, List.of(), submission.warnings());
        } catch (RefusedInputException e) {
            return new Result(false, e.describeAll(), List.of());
        } catch (OutOfMemoryError e) {
            // A request thread must not die of one file: what ran out was this read's, and it is
            // unreachable again once the error has unwound it. (The core's record-length cap
            // refuses long lines before this; this is the net under it.)
            log.warn("Checking a file ran out of memory; refused", e);
            return new Result(false, List.of(OUT_OF_MEMORY), List.of());
        }
    }
}
