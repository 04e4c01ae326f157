package org.cxrlt.leaderboard.participant;

public enum ParticipantStatus {
    PENDING, APPROVED, REJECTED
}
