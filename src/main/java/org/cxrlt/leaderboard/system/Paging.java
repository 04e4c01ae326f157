package org.cxrlt.leaderboard.system;

/**
 * A page of a list asked for by a client: {@code page} counts from 0, {@code size} items a page,
 * at most {@link #MAX_SIZE}.
 */
public record Paging(int page, int size) {

    /** The largest page a client may ask for. */
    public static final int MAX_SIZE = 100;

    /** @throws InvalidRequestException (400) for a negative page or a size outside 1 to {@link #MAX_SIZE} */
    public Paging {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new InvalidRequestException("page must be 0 or more and size between 1 and " + MAX_SIZE + ".");
        }
    }

    /** Items before this page: the SQL {@code offset}. */
    public long offset() {
        return (long) page * size;
    }

    /** Pages needed for {@code totalItems} items (0 for none). */
    public int pages(long totalItems) {
        return (int) ((totalItems + size - 1) / size);
    }
}
