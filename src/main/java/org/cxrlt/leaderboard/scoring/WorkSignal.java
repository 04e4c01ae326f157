package org.cxrlt.leaderboard.scoring;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Wakes idle workers. A generation counter closes the race between a worker finding the queue
 * empty and starting to wait: a wake-up in between changes the generation and the wait returns.
 */
@Component
class WorkSignal {

    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void wake() {
        generation++;
        notifyAll();
    }

    synchronized void awaitChange(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
