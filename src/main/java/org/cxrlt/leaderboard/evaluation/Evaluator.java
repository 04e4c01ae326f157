package org.cxrlt.leaderboard.evaluation;

/** Computes every metric of a checked submission against its answer key. */
public final class Evaluator {

    private Evaluator() {
    }

    public static Scores score(AnswerKey key, Submission submission) {
        throw new UnsupportedOperationException("coming");
    }
}
