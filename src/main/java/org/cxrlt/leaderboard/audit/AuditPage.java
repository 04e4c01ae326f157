package org.cxrlt.leaderboard.audit;

import java.util.List;

/** One page of the audit log, newest first. */
public record AuditPage(List<AuditEntry> items, int page, int size, long totalItems, int totalPages) {
}
