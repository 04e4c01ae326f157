package org.cxrlt.leaderboard.participant;

import java.util.Map;

/**
 * An enrolment as a participant sends it.
 *
 * @param team              the team to create, or to ask to join, in this challenge
 * @param physionetUsername required when the challenge's rules say so, else optional
 * @param physionetEmail    required (and equal to the account's) when the rules say so, else optional
 * @param files             the evidence files sent, by kind, as they came (checked by {@link Enrolments})
 */
public record EnrolmentForm(String team, String physionetUsername, String physionetEmail,
                            Map<Evidence, Upload> files) {

    /** A file as sent: its declared name and content type, and its bytes up to the limit (+1 to detect more). */
    public record Upload(String fileName, String declaredType, long size, byte[] content) {
    }
}
