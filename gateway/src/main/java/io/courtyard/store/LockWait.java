package io.courtyard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How a latency-critical writer waits for SQLite's write lock: it asks again every
 * {@link #STEP}, up to the same limit {@code busy_timeout} gives, instead of SQLite's own back-off,
 * which sleeps 1, 2, 5 ... then 100 ms between tries and so can keep the journal writer (and every
 * device waiting on its batch) asleep for tens of milliseconds after another connection has
 * finished. Counts the waits, so the harnesses can say whether the write lock was the tail.
 */
public final class LockWait extends BusyHandler {
    static final Duration STEP = Duration.ofNanos(200_000);

    private final long limitNanos;
    private final LongAdder waits = new LongAdder();
    private final LongAdder tries = new LongAdder();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();
    /** Only the connection's own thread calls back: plain fields for the wait in progress. */
    private long started;

    private long last;

    private LockWait(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    /** Replaces {@code conn}'s busy timeout with a fine-grained wait up to {@code limit}. */
    public static LockWait install(Connection conn, Duration limit) throws SQLException {
        LockWait w = new LockWait(limit);
        BusyHandler.setHandler(conn, w);
        return w;
    }

    @Override
    protected int callback(int previous) {
        long now = System.nanoTime();
        if (previous == 0) {
            waits.increment();
            started = now;
        } else {
            waitedNanos.addAndGet(now - last);
            longestNanos.accumulateAndGet(now - started, Math::max);
        }
        last = now;
        if (now - started >= limitNanos) {
            return 0; // SQLITE_BUSY to the caller, as busy_timeout would after as long
        }
        tries.increment();
        LockSupport.parkNanos(STEP.toNanos());
        return 1;
    }

    /** Times the writer found the lock taken. */
    public long waits() {
        return waits.sum();
    }

    /** Times it asked again. */
    public long tries() {
        return tries.sum();
    }

    /** How long it waited in all, up to its last try of each wait. */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos.get());
    }

    /** The longest single wait, up to its last try. */
    public Duration longest() {
        return Duration.ofNanos(longestNanos.get());
    }
}
