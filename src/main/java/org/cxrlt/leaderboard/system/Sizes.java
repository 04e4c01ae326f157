package org.cxrlt.leaderboard.system;

import org.springframework.util.unit.DataSize;

/** Sizes as people read them in messages. */
public final class Sizes {

    private Sizes() {
    }

    public static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }
}
