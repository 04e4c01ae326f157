package org.cxrlt.leaderboard.challenge;

import java.time.Instant;
import java.util.List;

public record ChallengeView(String slug, String title, List<TaskView> tasks) {

    /** @param labels in the official column order */
    public record TaskView(String slug, String title, List<String> labels, List<PhaseView> phases) {
    }

    /**
     * @param closesAt          null: never closes
     * @param answerKeySynthetic true when the loaded answer key is synthetic demo data, not the real labels
     * @param maxPerDay         the rules ({@link PhaseRules}); a null limit is no limit
     */
    public record PhaseView(String slug, String title, Instant opensAt, Instant closesAt, boolean open,
                            boolean answerKeyLoaded, Boolean answerKeySynthetic, Integer answerKeyRows,
                            Integer maxPerDay, Integer maxTotal, Integer maxInFlight, boolean paused,
                            Selection selection, Visibility visibility, boolean labelScoresVisible,
                            FactSheetPolicy factSheet) {
    }
}
