package org.cxrlt.leaderboard.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts events per client address in fixed windows: at most {@code limit} per {@code window},
 * counted from an address's first event. Kept in this instance's memory (several instances
 * each allow the limit); addresses whose window has ended are forgotten when many are kept.
 */
final class AddressWindow {

    private static final int FORGET_ABOVE = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    AddressWindow(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit needs at least 1 event in a positive window, not " + limit
                    + " in " + window);
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    int limit() {
        return limit;
    }

    Duration window() {
        return window;
    }

    /** Counts one event of the address: empty if within the limit, else how long until its window ends. */
    Optional<Duration> count(String address) {
        Instant now = clock.instant();
        forgetEnded(now);
        Count counted = counts.compute(address, (key, count) -> count == null || !now.isBefore(count.ends())
                ? new Count(now.plus(window), 1) : new Count(count.ends(), count.events() + 1));
        return counted.events() > limit ? Optional.of(Duration.between(now, counted.ends())) : Optional.empty();
    }

    /** Without counting: empty if the address may go on, else how long until its window ends. */
    Optional<Duration> exceeded(String address) {
        Instant now = clock.instant();
        Count count = counts.get(address);
        if (count == null || !now.isBefore(count.ends()) || count.events() < limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, count.ends()));
    }

    private void forgetEnded(Instant now) {
        if (counts.size() > FORGET_ABOVE) {
            counts.values().removeIf(count -> !now.isBefore(count.ends()));
        }
    }

    private record Count(Instant ends, int events) {
    }
}
