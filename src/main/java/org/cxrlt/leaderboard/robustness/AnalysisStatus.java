package org.cxrlt.leaderboard.robustness;

/** QUEUED until an instance takes it, RUNNING while computed, then DONE or FAILED (with the reason). */
public enum AnalysisStatus { QUEUED, RUNNING, DONE, FAILED }
