package org.cxrlt.leaderboard.challenge;

import org.cxrlt.leaderboard.evaluation.LabelGroups;

/**
 * What scoring against one answer key needs from its challenge's definition.
 *
 * @param idColumn the id column its files have
 * @param groups   the head/medium/tail group of each of its task's labels, as the definition stands now
 */
public record ScoringTerms(String idColumn, LabelGroups groups) {
}
