package io.courtyard.journal;

import io.courtyard.journal.event.EventType;
import io.courtyard.runtime.ExponentialBackoff;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import io.courtyard.store.Statements;
import io.courtyard.store.WriteGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one projection's tables up to date from the journal, on its own thread and its own
 * cursor: it reads a batch strictly in sequence order, runs the {@link Projection} on it and
 * advances the cursor in the same SQLite transaction, then acknowledges the batch. A crash at any
 * point leaves the tables and the cursor agreeing, so a projection that counts (usage, faults)
 * counts every event exactly once. A failing batch is rolled back and retried, with exponential
 * backoff, until it succeeds: its events stay in the journal (retention waits for this cursor),
 * nothing is skipped, and the meters and the log say that it is stuck.
 */
public final class JournalProjector implements Service {
    private static final Logger log = LoggerFactory.getLogger(JournalProjector.class);

    /** What a projection does with a batch of events, inside the projector's transaction. */
    @FunctionalInterface
    public interface Projection {
        /**
         * Applies {@code batch} (in sequence order) with {@code tx}; never commits or rolls back
         * itself. The transaction already holds the write lock, so reads before writes are safe.
         * Unreadable events arrive too: skip them, they cannot change anything.
         */
        void apply(Connection tx, List<JournalEvent> batch) throws SQLException;

        /**
         * The event types this projection reads; the batches it gets hold only those (and unreadable
         * rows), the rest of the journal is passed over undecoded. All of them unless narrowed.
         */
        default Set<EventType> reads() {
            return EnumSet.allOf(EventType.class);
        }
    }

    /**
     * @param batchSize events per transaction
     * @param idleWait how long one read waits for new events; bounds how late a stop is noticed
     * @param retryFirst the wait after a failed batch, doubling up to {@code retryMax}
     */
    public record Policy(int batchSize, Duration idleWait, Duration retryFirst, Duration retryMax) {
        public static final Policy DEFAULT =
                new Policy(1000, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    private final EventSource cursor;
    private final Database db;
    private final Projection projection;
    private final Policy policy;
    private final Counter projected;
    private final Counter failures;
    private final Timer batches;
    private final Timer lockWaits;
    private final AtomicInteger failing = new AtomicInteger();
    private volatile boolean running;
    private final Set<EventType> reads;
    private final Statements statements = new Statements();
    private Connection conn;
    private Thread thread;

    /**
     * @param cursor the journal view named after the projection, declared before the journal
     *     starts; only this projector reads it
     */
    public JournalProjector(
            EventSource cursor, Database db, Projection projection, Policy policy, MeterRegistry registry) {
        this.cursor = cursor;
        this.db = db;
        this.projection = projection;
        this.policy = policy;
        this.reads = projection.reads();
        String name = cursor.sink();
        projected = Counter.builder("courtyard.journal.projection.events")
                .description("Events projected and acknowledged")
                .baseUnit("events")
                .tag("projection", name)
                .register(registry);
        failures = Counter.builder("courtyard.journal.projection.failures")
                .description("Batches rolled back, to be retried")
                .tag("projection", name)
                .register(registry);
        batches = Timer.builder("courtyard.journal.projection.batch")
                .description("Applying and committing one batch, cursor included")
                .tag("projection", name)
                .register(registry);
        lockWaits = Timer.builder("courtyard.journal.projection.lock")
                .description("From a batch's start to holding the database's write lock: the turn it waited")
                .tag("projection", name)
                .register(registry);
        Gauge.builder("courtyard.journal.projection.failing", failing, AtomicInteger::get)
                .description("1 while the projection's batches fail and are retried")
                .tag("projection", name)
                .register(registry);
    }

    @Override
    public String name() {
        return "projection-" + cursor.sink();
    }

    @Override
    public synchronized void start() throws SQLException {
        // Derived state: its commits never fsync while holding the write lock the journal writer needs.
        conn = db.connectDerived();
        conn.setAutoCommit(false);
        running = true;
        thread = Threads.named(name(), true).newThread(this::run);
        thread.start();
    }

    @Override
    public synchronized void stop() throws InterruptedException, SQLException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
        statements.clear();
        if (conn != null) {
            conn.close();
        }
    }

    private void run() {
        ExponentialBackoff backoff = new ExponentialBackoff(policy.retryFirst(), policy.retryMax());
        try {
            while (running) {
                EventSource.Stretch batch =
                        cursor.nextInOrder(policy.batchSize(), policy.idleWait().toMillis(), reads);
                if (batch.isEmpty()) {
                    continue;
                }
                if (project(batch)) {
                    backoff.reset();
                } else {
                    Thread.sleep(backoff.next().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One batch in one transaction; true when it committed and was acknowledged. */
    private boolean project(EventSource.Stretch batch) {
        long t0 = System.nanoTime();
        long[] seqs = batch.seqs();
        long last = batch.last();
        // Projections take turns in the process, behind the journal writer, rather than in SQLite:
        // a writer that finds the write lock taken waits in SQLite's busy handler, which sleeps in
        // steps of up to 100 ms, and two projections committing batch after batch kept each other
        // asleep most of the time.
        WriteGate gate = db.writeGate();
        gate.enter();
        try {
            // The cursor first: a write opens the transaction as a writer, so the projection may
            // read before it writes without meeting a snapshot another connection made stale.
            PreparedStatement ps = statements.on(conn, SinkView.ADVANCE);
            ps.setString(1, cursor.sink());
            ps.setLong(2, last);
            ps.executeUpdate();
            lockWaits.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            if (!batch.events().isEmpty()) {
                projection.apply(conn, batch.events());
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            cursor.rewind();
            failures.increment();
            if (failing.getAndSet(1) == 0) {
                log.error(
                        "projection {}: events {}..{} not projected, retrying until they are: {}",
                        cursor.sink(),
                        seqs[0],
                        last,
                        e.toString());
            }
            return false;
        } finally {
            gate.leave();
        }
        cursor.ackCommitted(seqs);
        batches.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        projected.increment(seqs.length);
        if (failing.getAndSet(0) == 1) {
            log.info("projection {}: projecting again, through seq {}", cursor.sink(), last);
        }
        return true;
    }

    private void rollback(Exception cause) {
        try {
            conn.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }
}
