package org.cxrlt.leaderboard.evaluation;

import java.nio.file.Path;

/**
 * Bounds on what a reader accepts, so that one upload cannot exhaust the machine.
 *
 * @param maxUncompressedBytes the most bytes a file may expand to once decompressed (gzip or
 *                             every entry of a zip together); beyond it the file is refused as a
 *                             possible decompression bomb. A zip that does not come as a file is
 *                             copied to a temporary file first, of at most this many bytes too.
 * @param maxRecordBytes       the most bytes one CSV record (a line, or several if a quoted field
 *                             spans lines) may have; beyond it the file is refused, naming the line
 *                             where the record starts. It bounds the reader's buffer, which
 *                             otherwise grows with a quote that is never closed.
 * @param temporaryDirectory   where a zip that does not come as a file is copied to be read;
 *                             null: the JVM's temporary directory ({@code java.io.tmpdir})
 */
public record ReadLimits(long maxUncompressedBytes, int maxRecordBytes, Path temporaryDirectory) {

    /** 1 MiB: a task-1 row of 40 labels written with 17 digits is under 1 KB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    /** 1 GiB (thirty times a full task-1 submission) and records of 1 MiB. */
    public static final ReadLimits DEFAULT = new ReadLimits(1L << 30, DEFAULT_MAX_RECORD_BYTES);

    public ReadLimits {
        if (maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("maxUncompressedBytes must be positive, was " + maxUncompressedBytes);
        }
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
    }

    /** The given decompression limit and the default record limit, {@value #DEFAULT_MAX_RECORD_BYTES} bytes. */
    public ReadLimits(long maxUncompressedBytes) {
        this(maxUncompressedBytes, DEFAULT_MAX_RECORD_BYTES);
    }

    /** The given limits, temporary copies in the JVM's temporary directory. */
    public ReadLimits(long maxUncompressedBytes, int maxRecordBytes) {
        this(maxUncompressedBytes, maxRecordBytes, null);
    }

    /** These limits with another record limit. */
    public ReadLimits withMaxRecordBytes(int maxRecordBytes) {
        return new ReadLimits(maxUncompressedBytes, maxRecordBytes, temporaryDirectory);
    }

    /** These limits, temporary copies made in {@code directory} (null: the JVM's temporary directory). */
    public ReadLimits withTemporaryDirectory(Path directory) {
        return new ReadLimits(maxUncompressedBytes, maxRecordBytes, directory);
    }
}
