package org.cxrlt.leaderboard.evaluation;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The answer key's image ids, looked up by their bytes in the submission's buffer: an
 * open-addressing hash table over one shared byte pool, so that matching a submission row to
 * its answer-key row builds no {@code String}.
 *
 * <p>Ids come from uploads, so the hash is keyed: SipHash-1-3 (Aumasson and Bernstein, 2012; the
 * variant Rust's standard hash maps use) with a key drawn at random once per process. With a
 * hash an uploader can compute, such as {@code String.hashCode}, ids chosen to collide (blocks
 * of {@code Aa} and {@code BB}) make every insertion and lookup walk one long probe chain, and
 * reading grows with the square of the rows; with a secret key they cannot be aimed.
 */
final class IdIndex {

    private static final long K0;
    private static final long K1;

    static {
        byte[] key = randomKey();
        K0 = littleEndianLong(key, 0);
        K1 = littleEndianLong(key, 8);
    }

    private static final int ABSENT = -1;

    private byte[] pool;
    private int poolSize;
    private int[] offsets;
    private int count;
    private int[] slots;
    private int mask;

    IdIndex() {
        this(1023, 1 << 16);
    }

    /**
     * An index with room for {@code rows} ids of {@code bytes} bytes in all, which then fill it
     * without growing or rehashing it; more still fit, as in any index.
     */
    IdIndex(int rows, int bytes) {
        pool = new byte[Math.max(16, bytes)];
        offsets = new int[Math.max(16, rows + 1)];
        // the table is rehashed when more than half full
        slots = new int[Math.max(16, Integer.highestOneBit(Math.min(Math.max(1, rows), 1 << 29) * 2 - 1) << 1)];
        mask = slots.length - 1;
        Arrays.fill(slots, ABSENT);
    }

    int size() {
        return count;
    }

    /** The row of the id in {@code bytes[start, end)}, or -1 if absent. */
    int find(byte[] bytes, int start, int end) {
        int slot = hash(bytes, start, end) & mask;
        while (true) {
            int row = slots[slot];
            if (row == ABSENT || matches(row, bytes, start, end)) {
                return row;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The row, in {@code other}, of this index's id of {@code row}, or -1 if absent there. */
    int findIn(int row, IdIndex other) {
        return other.find(pool, offsets[row], offsets[row + 1]);
    }

    /**
     * Adds the id as the next row.
     *
     * @return the new row, or the existing row (as {@code -row - 2}) if the id is already present
     */
    int add(byte[] bytes, int start, int end) {
        return add(bytes, start, end, hash(bytes, start, end));
    }

    /**
     * {@link #add(byte[], int, int)} with the id's {@link #hash} computed already (by the thread
     * that read the id, while the index is built on another).
     */
    int add(byte[] bytes, int start, int end, int hash) {
        int slot = hash & mask;
        while (true) {
            int row = slots[slot];
            if (row == ABSENT) {
                break;
            }
            if (matches(row, bytes, start, end)) {
                return -row - 2;
            }
            slot = (slot + 1) & mask;
        }
        int length = end - start;
        if (poolSize + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
        }
        System.arraycopy(bytes, start, pool, poolSize, length);
        if (count + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[count] = poolSize;
        poolSize += length;
        offsets[count + 1] = poolSize;
        slots[slot] = count;
        count++;
        if (count * 2 > slots.length) {
            rehash();
        }
        return count - 1;
    }

    String id(int row) {
        return new String(pool, offsets[row], offsets[row + 1] - offsets[row], StandardCharsets.UTF_8);
    }

    /**
     * Whether the id of {@code row} is {@code bytes[start, end)}. A loop rather than
     * {@code Arrays.equals}: the `score` command runs quick-compiled (C1) code, for which that
     * call (range checks, then {@code ArraysSupport.mismatch} without its C2 intrinsic) made
     * {@link #find}, one per submission row, 6.6 % of a run's samples in JFR; 4.1 % with this loop.
     */
    private boolean matches(int row, byte[] bytes, int start, int end) {
        int from = offsets[row];
        int length = end - start;
        if (offsets[row + 1] - from != length) {
            return false;
        }
        byte[] ids = pool;
        for (int i = 0; i < length; i++) {
            if (ids[from + i] != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        Arrays.fill(slots, ABSENT);
        for (int row = 0; row < count; row++) {
            int slot = hash(pool, offsets[row], offsets[row + 1]) & mask;
            while (slots[slot] != ABSENT) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = row;
        }
    }

    /**
     * 16 random bytes: from the kernel's non-blocking source where there is one, which is
     * immediate, else from {@link SecureRandom}, whose first use costs about 20 ms of start-up.
     */
    private static byte[] randomKey() {
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            byte[] key = in.readNBytes(16);
            if (key.length == 16) {
                return key;
            }
        } catch (IOException | SecurityException e) {
            // not a Unix-like system: fall through
        }
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * The 8 bytes at {@code i} as a little-endian long. Assembled by hand rather than read through
     * a byte-array view {@code VarHandle}: the handle spins a dozen method-handle classes when
     * first used, several milliseconds of a {@code score} run's start, and over a key's ids the
     * difference in speed is not measurable.
     */
    private static long littleEndianLong(byte[] bytes, int i) {
        return (bytes[i] & 0xFFL) | (bytes[i + 1] & 0xFFL) << 8 | (bytes[i + 2] & 0xFFL) << 16
                | (bytes[i + 3] & 0xFFL) << 24 | (bytes[i + 4] & 0xFFL) << 32 | (bytes[i + 5] & 0xFFL) << 40
                | (bytes[i + 6] & 0xFFL) << 48 | (bytes[i + 7] & 0xFFL) << 56;
    }

    /** SipHash-1-3 of {@code bytes[start, end)} under the process's key, folded to 32 bits. */
    static int hash(byte[] bytes, int start, int end) {
        long v0 = K0 ^ 0x736f6d6570736575L;
        long v1 = K1 ^ 0x646f72616e646f6dL;
        long v2 = K0 ^ 0x6c7967656e657261L;
        long v3 = K1 ^ 0x7465646279746573L;
        int length = end - start;
        int wholeEnd = start + (length & ~7);
        for (int i = start; i < wholeEnd; i += 8) {
            long m = littleEndianLong(bytes, i);
            v3 ^= m;
            // one SipRound
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long last = ((long) length) << 56;
        for (int i = wholeEnd, shift = 0; i < end; i++, shift += 8) {
            last |= (bytes[i] & 0xFFL) << shift;
        }
        v3 ^= last;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= last;
        v2 ^= 0xFF;
        for (int round = 0; round < 3; round++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        long h = v0 ^ v1 ^ v2 ^ v3;
        return (int) (h ^ (h >>> 32));
    }
}
