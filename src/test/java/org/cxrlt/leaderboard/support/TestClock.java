package org.cxrlt.leaderboard.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock in the tests: the system clock (to the microsecond, as in production)
 * unless a test {@linkplain #pin pins} it to an instant of its choosing, so that what depends
 * on the day or the hour (quotas reset at midnight UTC) does not depend on when the test runs.
 * A test that pins it {@linkplain #release releases} it when it ends.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

    private static final Clock SYSTEM = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    private static final AtomicReference<Instant> PINNED = new AtomicReference<>();

    /** From now on the service reads {@code instant} as the time, until {@link #release}. */
    public static void pin(Instant instant) {
        PINNED.set(instant);
    }

    /** Back to the system clock. */
    public static void release() {
        PINNED.set(null);
    }

    @Bean
    @Primary
    Clock testClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return zone.equals(ZoneOffset.UTC) ? this : Clock.fixed(instant(), zone);
            }

            @Override
            public Instant instant() {
                Instant pinned = PINNED.get();
                return pinned != null ? pinned : SYSTEM.instant();
            }
        };
    }
}
