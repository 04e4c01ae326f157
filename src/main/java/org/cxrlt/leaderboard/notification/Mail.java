package org.cxrlt.leaderboard.notification;

/**
 * One plain-text mail, before it is sent.
 *
 * @param to      the recipient's address
 * @param subject one line: control characters (a line break would start another header) become spaces
 * @param body    plain text, never HTML: other people's text (names, reasons, problems) is shown as written
 */
record Mail(String to, String subject, String body) {

    Mail {
        subject = subject.replaceAll("\\p{Cntrl}", " ").strip();
    }
}
