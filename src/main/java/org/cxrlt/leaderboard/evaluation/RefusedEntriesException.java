package org.cxrlt.leaderboard.evaluation;

import java.util.List;

/** Entries of a robustness analysis whose submissions were refused; every one is listed. */
public class RefusedEntriesException extends Exception {

    private final List<RefusedEntry> refused;

    public RefusedEntriesException(List<RefusedEntry> refused) {
        super(refused.size() + (refused.size() == 1 ? " entry was" : " entries were") + " refused: "
                + String.join(", ", refused.stream().map(RefusedEntry::name).toList()));
        this.refused = List.copyOf(refused);
    }

    public List<RefusedEntry> refused() {
        return refused;
    }

    /** An entry and why its submission was refused. */
    public record RefusedEntry(String name, RefusedInputException refusal) {
    }
}
