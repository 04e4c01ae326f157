package org.cxrlt.leaderboard.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The answer key's image ids, looked up by their bytes in the submission's buffer: an
 * open-addressing hash table over one shared byte pool, so that matching a submission row to
 * its answer-key row builds no {@code String}.
 */
final class IdIndex {

    private static final int ABSENT = -1;

    private byte[] pool = new byte[1 << 16];
    private int poolSize;
    private int[] offsets = new int[1024];
    private int count;
    private int[] slots = new int[2048];
    private int mask = slots.length - 1;

    IdIndex() {
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
        int slot = hash(bytes, start, end) & mask;
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

    private boolean matches(int row, byte[] bytes, int start, int end) {
        return Arrays.equals(pool, offsets[row], offsets[row + 1], bytes, start, end);
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

    private static int hash(byte[] bytes, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        // spread the high bits down: the table uses the low bits only
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
