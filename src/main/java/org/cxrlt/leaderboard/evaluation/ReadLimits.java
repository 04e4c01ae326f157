package org.cxrlt.leaderboard.evaluation;

/**
 * Bounds on what a reader accepts, so that one upload cannot exhaust the machine.
 *
 * @param maxUncompressedBytes the most bytes a file may expand to once decompressed (gzip or
 *                             every entry of a zip together); beyond it the file is refused as a
 *                             possible decompression bomb
 */
public record ReadLimits(long maxUncompressedBytes) {

    /** 1 GiB: thirty times a full task-1 submission. */
    public static final ReadLimits DEFAULT = new ReadLimits(1L << 30);

    public ReadLimits {
        if (maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("maxUncompressedBytes must be positive, was " + maxUncompressedBytes);
        }
    }
}
