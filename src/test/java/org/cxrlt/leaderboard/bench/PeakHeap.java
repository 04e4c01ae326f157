package org.cxrlt.leaderboard.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.cxrlt.leaderboard.cli.CommandLine;

/**
 * Runs one {@code score} command in this JVM and prints its exit code and the peak heap: the sum
 * of the peak use of every heap pool (an upper bound of the heap ever in use at once). Run by
 * {@code bench/core.sh}; not a unit test.
 */
public final class PeakHeap {

    private PeakHeap() {
    }

    public static void main(String[] args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        int exit = CommandLine.run(args, discard, discard);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("exit %d, peak heap %.1f MB%n", exit, peak / 1e6);
    }
}
