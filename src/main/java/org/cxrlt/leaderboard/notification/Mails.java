package org.cxrlt.leaderboard.notification;

import java.util.List;
import org.cxrlt.leaderboard.participant.EnrolmentDecided;

/** The words of each notification: plain English text, the same for every recipient. */
final class Mails {

    /** Problems listed in a failure mail; the rest are counted. */
    static final int MAX_PROBLEMS = 20;

    private static final String SIGNATURE = "\n-- \nSent by the CXR-LT leaderboard service. Please do not reply to "
            + "this mail; write to the challenge's organizers instead.\n";

    private Mails() {
    }

    /** An enrolment approved (with the data-access text) or rejected (with the reason). */
    static Mail enrolment(EnrolmentDecided decision, MailSettings settings) {
        String what = decision.challengeTitle() == null ? "your registration"
                : "your enrolment in " + decision.challengeTitle()
                        + (decision.challenge() == null ? "" : " (" + decision.challenge() + ")");
        StringBuilder body = new StringBuilder("Hello ").append(decision.name()).append(",\n\n");
        String subject;
        if (decision.approved()) {
            subject = capitalized(what) + " was approved";
            body.append(capitalized(what)).append(" was approved by the organizers: you can now submit.\n");
            if (decision.dataAccess() != null && !decision.dataAccess().isBlank()) {
                body.append("\nHow to get the data:\n\n").append(decision.dataAccess().strip()).append('\n');
            }
            body.append("\nYour submissions and the quota left: ").append(settings.link("/participant")).append('\n');
        } else {
            subject = capitalized(what) + " was rejected";
            body.append(capitalized(what)).append(" was rejected by the organizers.\n\n");
            if (decision.reason() == null || decision.reason().isBlank()) {
                body.append("They gave no reason.\n");
            } else {
                body.append("Their reason:\n\n").append(decision.reason().strip()).append('\n');
            }
        }
        return new Mail(decision.email(), "CXR-LT leaderboard: " + subject, body.append(SIGNATURE).toString());
    }

    /** What a finished submission's mail needs from the database. */
    record FinishedSubmission(long id, String name, String email, String challenge, String task, String phase,
                              String team, boolean rescored) {
    }

    /** A submission scored (its mAP and where to see it) or failed (its problems). */
    static Mail submission(FinishedSubmission submission, boolean scored, Double mAP, List<String> errors,
                           MailSettings settings) {
        String where = submission.challenge() + " / " + submission.task() + " / " + submission.phase();
        String done = submission.rescored() ? "rescored" : "scored";
        StringBuilder body = new StringBuilder("Hello ").append(submission.name()).append(",\n\n");
        String subject;
        if (scored) {
            subject = "submission " + submission.id() + " " + done + (mAP == null ? "" : ", mAP " + mAP);
            body.append("Submission ").append(submission.id()).append(" of team ").append(submission.team())
                    .append(" to ").append(where).append(" was ").append(done).append(".\n\n");
            if (mAP != null) {
                body.append("mAP: ").append(mAP).append('\n');
            }
        } else {
            subject = "submission " + submission.id() + " failed";
            body.append("Submission ").append(submission.id()).append(" of team ").append(submission.team())
                    .append(" to ").append(where).append(" could not be scored")
                    .append(submission.rescored() ? " again" : "").append(".\n\nThe problems:\n\n");
            errors.stream().limit(MAX_PROBLEMS).forEach(error -> body.append("- ").append(error).append('\n'));
            if (errors.size() > MAX_PROBLEMS) {
                body.append("- and ").append(errors.size() - MAX_PROBLEMS).append(" more\n");
            }
            if (errors.isEmpty()) {
                body.append("- (none recorded)\n");
            }
        }
        body.append("\nThe submission (send your token as a bearer token): ")
                .append(settings.link("/api/v1/submissions/" + submission.id())).append('\n')
                .append("Your team's submissions: ").append(settings.link("/participant")).append('\n');
        return new Mail(submission.email(), "CXR-LT leaderboard: " + subject, body.append(SIGNATURE).toString());
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
