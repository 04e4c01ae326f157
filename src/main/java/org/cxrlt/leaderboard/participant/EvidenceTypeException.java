package org.cxrlt.leaderboard.participant;

/** A file of evidence whose content is none of the accepted types: 415 at the web edge. */
public class EvidenceTypeException extends RuntimeException {
    public EvidenceTypeException(String message) {
        super(message);
    }
}
