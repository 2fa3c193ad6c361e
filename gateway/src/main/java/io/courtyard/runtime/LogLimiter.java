package io.courtyard.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the rest, so that a hostile or broken peer
 * cannot flood the journal of the box while the first line still says exactly what is wrong.
 */
public final class LogLimiter {
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public LogLimiter(java.time.Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * -1 when this line must be dropped; otherwise how many lines were dropped since the last one
     * let through (to append as "(N more suppressed)").
     */
    public long permit() {
        long now = System.nanoTime();
        long due = next.get();
        if (due != Long.MIN_VALUE && now - due < 0) {
            suppressed.incrementAndGet();
            return -1;
        }
        if (!next.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
