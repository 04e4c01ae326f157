package org.cxrlt.leaderboard.system;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that gathers what is written into blocks of a fixed size and hands each one
 * on as it fills ({@link #full}); the last, shorter block is handed on by {@link #handOverRest()}.
 * What a subclass does with a block (queue it for another thread, send it as a row) is its own.
 * Not thread-safe.
 */
public abstract class BlockOutputStream extends OutputStream {

    private byte[] block;
    private int blockLength;
    private long count;

    /**
     * @param blockBytes the size of a full block, in bytes (at least 1)
     * @throws IllegalArgumentException if {@code blockBytes} is less than 1
     */
    protected BlockOutputStream(int blockBytes) {
        if (blockBytes < 1) {
            throw new IllegalArgumentException("blockBytes must be at least 1, was " + blockBytes);
        }
        this.block = new byte[blockBytes];
    }

    /**
     * Hands a block on: {@code length} bytes of {@code block} from its start, the whole array but
     * for the last block.
     *
     * @return the array to fill next: {@code block} again if it is free once this returns, else a
     *         new one of the same size
     */
    protected abstract byte[] full(byte[] block, int length) throws IOException;

    @Override
    public void write(int b) throws IOException {
        block[blockLength++] = (byte) b;
        count++;
        if (blockLength == block.length) {
            handOver();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, block.length - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            count += n;
            off += n;
            len -= n;
            if (blockLength == block.length) {
                handOver();
            }
        }
    }

    /** Hands on what the block being filled holds, if anything. */
    protected final void handOverRest() throws IOException {
        if (blockLength > 0) {
            handOver();
        }
    }

    /** The bytes written so far, handed on or not. */
    protected final long count() {
        return count;
    }

    private void handOver() throws IOException {
        int length = blockLength;
        blockLength = 0;
        block = full(block, length);
    }
}
