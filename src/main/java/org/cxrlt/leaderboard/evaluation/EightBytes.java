package org.cxrlt.leaderboard.evaluation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of an array read as one {@code long}, the first byte lowest: what the readers that
 * look at eight bytes at a time ({@link CsvReader}'s separators, {@link DecimalParser}'s digits)
 * load.
 */
final class EightBytes {

    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private EightBytes() {
    }

    /**
     * {@code bytes[index, index + 8)}, {@code bytes[index]} in the lowest eight bits.
     *
     * @throws IndexOutOfBoundsException if fewer than eight bytes start at {@code index}
     */
    static long at(byte[] bytes, int index) {
        return (long) LITTLE_ENDIAN_LONGS.get(bytes, index);
    }
}
