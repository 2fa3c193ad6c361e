package io.courtyard.journal;

import io.courtyard.config.JournalConfig;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.runtime.Realtime;
import io.courtyard.store.WriteGate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer thread: group commit. A batch closes at {@code batchMaxEvents}
 * or {@code batchWindow} after its first event was appended (a window of 0: with what is queued
 * when the writer takes the first, so batches grow only while a commit is under way), or {@code
 * accessWindow} after its first access decision was appended if that comes sooner; it commits
 * in one transaction (fsync under synchronous=FULL) and only then are its futures completed. The
 * window counts from the append, not from when the writer takes the event: one that queued while
 * the previous batch committed has already waited that long.
 */
final class JournalWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    /** How often an idle writer persists moved cursors and runs retention. */
    private static final long IDLE_TICK_MS = 200;
    /** How often retention and the quota run. */
    private static final long MAINTENANCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest the writer sleeps in a batch's window before looking at the queue again. */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Events that nobody can send again (decisions, alarms) wait this many at most in memory while
     * the disk refuses writes; about 10 MB of bodies, hours of a busy compound's decisions.
     */
    static final int DEFERRED_MAX = 20_000;

    /**
     * An append waiting for its batch; its body is encoded by the writer when the batch closes. A
     * deferrable one waits out a failing disk instead of failing.
     */
    static final class Pending {
        private final EventDraft draft;
        private final CompletableFuture<JournalEvent> done;
        private final boolean deferrable;
        /** System.nanoTime() at the append: a batch's window opens with its first event's. */
        private final long appendedAt = System.nanoTime();

        private String body;

        Pending(EventDraft draft, CompletableFuture<JournalEvent> done, boolean deferrable) {
            this.draft = draft;
            this.done = done;
            this.deferrable = deferrable;
        }

        Pending(EventDraft draft, CompletableFuture<JournalEvent> done) {
            this(draft, done, false);
        }

        EventDraft draft() {
            return draft;
        }

        CompletableFuture<JournalEvent> done() {
            return done;
        }

        boolean deferrable() {
            return deferrable;
        }
    }

    private final Journal journal;
    private final BlockingQueue<Pending> queue;
    private final JournalConfig config;
    private final Connection conn;
    private final PreparedStatement insert;
    private final PreparedStatement saveLastSeq;
    private final Retention retention;
    private volatile boolean running = true;
    /** Open once the writer thread has taken its scheduling, real-time or not. */
    private final CountDownLatch scheduled = new CountDownLatch(1);
    /** System.nanoTime() when the current batch or maintenance pass began; 0 while waiting for work. */
    private volatile long busySince;

    private long lastSeq;
    /** Monotonic: a wall clock set back by an hour must not stop maintenance for an hour. */
    private long lastMaintenance = System.nanoTime() - MAINTENANCE_NANOS;
    /**
     * The last retention pass or batch left the journal above its quota's low-water mark: the next
     * batches purge as they append, and while none come, passes run one after another.
     */
    private boolean retentionDraining;

    private boolean failing;
    /** Deferrable events whose commit failed, oldest first: written ahead of the next batch. */
    private final ArrayDeque<Pending> deferred = new ArrayDeque<>();

    private volatile int deferredCount;
    /** Taken at the first door around each transaction: projections wait, the writer never naps in SQLite behind one. */
    private final WriteGate gate;

    JournalWriter(
            Journal journal,
            BlockingQueue<Pending> queue,
            JournalConfig config,
            Connection conn,
            WriteGate gate,
            long lastSeq)
            throws SQLException {
        this.journal = journal;
        this.gate = gate;
        this.queue = queue;
        this.config = config;
        this.conn = conn;
        this.lastSeq = lastSeq;
        conn.setAutoCommit(false);
        this.insert = conn.prepareStatement(
                "INSERT INTO events(seq, kind, device, ts_us, received_us, type, body) VALUES(?, ?, ?, ?, ?, ?, ?)");
        this.saveLastSeq = conn.prepareStatement("UPDATE meta SET value = ? WHERE key = 'journal.last_seq'");
        this.retention = journal.retains() ? new Retention(journal, conn, config) : null;
    }

    @Override
    public void run() {
        String name = Thread.currentThread().getName();
        try {
            journal.writerRealtime(
                    switch (config.realtimeWriter()) {
                        case AUTO -> Realtime.enter(name, true);
                        case ON -> Realtime.enter(name, false);
                        case OFF -> false;
                    });
        } finally {
            scheduled.countDown();
        }
        List<Pending> batch = new ArrayList<>(config.batchMaxEvents());
        try {
            while (running || !queue.isEmpty()) {
                // Draining while idle: the next pass at once, unless an append has come.
                Pending first = queue.poll(retentionDraining ? 0 : IDLE_TICK_MS, TimeUnit.MILLISECONDS);
                busySince = nonZero(System.nanoTime());
                if (first != null) {
                    batch.add(first);
                    fill(batch);
                    commit(batch);
                    batch.clear();
                }
                if (first == null && !deferred.isEmpty()) {
                    commit(batch); // an idle tick tries the deferred events again
                }
                maintain(first == null);
                busySince = 0;
            }
            commit(batch);
            giveUpDeferred();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("journal writer stopped by an unexpected error; appends will fail until restart", e);
        }
    }

    /**
     * Lets what is left of the window pass in naps of at most {@link #NAP_NANOS}, encoding what has
     * queued after each, then takes the rest, up to the batch's bound; the batch closes early,
     * within a nap, once it and the queue hold a full one. Waking for each arrival instead (a poll
     * per event) cost the writer 4,000 context switches a second at 20,000 events/s, each a wait
     * for a core behind the device loops: it spent half of its time waiting to run. Encoding in the
     * window, not after it, keeps the bodies out of the time between the window's end and the
     * answers: at 20,000 events/s 0.3 ms of every batch, and 1.2-2 ms of its slowest 1 %.
     *
     * <p>The window opened when the batch's first event was appended. Opening it when the writer
     * took that event instead added the previous batch's commit to every window under load: at
     * 20,000 events/s a batch took 5 ms of window plus ~3 ms of commit, and an event that arrived
     * during a commit waited for the rest of it and then a whole window more.
     */
    private void fill(List<Pending> batch) throws InterruptedException {
        int max = config.batchMaxEvents();
        long deadline =
                admit(batch, 0, batch.get(0).appendedAt + config.batchWindow().toNanos());
        for (long left = deadline - System.nanoTime();
                left > 0 && batch.size() + queue.size() < max;
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, Math.min(left, NAP_NANOS)); // Thread.sleep rounds up to whole ms
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int from = batch.size();
            queue.drainTo(batch, max - from);
            deadline = admit(batch, from, deadline);
        }
        int from = batch.size();
        queue.drainTo(batch, max - from);
        encodeFrom(batch, from);
    }

    /**
     * Encodes the batch's events from {@code from} and returns its deadline: {@code deadline}, or
     * sooner by an access decision among them, {@code accessWindow} after its append.
     */
    private long admit(List<Pending> batch, int from, long deadline) {
        long access = config.accessWindow().toNanos();
        for (int i = from; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (p.draft().kind() == EventKind.ACCESS) {
                deadline = Math.min(deadline, p.appendedAt + access);
            }
        }
        encodeFrom(batch, from);
        return deadline;
    }

    private void commit(List<Pending> fresh) {
        takeTurn();
        try {
            commitInGate(fresh);
        } finally {
            gate.leave();
        }
    }

    /** Through the gate's first door; a wait (a projection's transaction under way) is timed. */
    private void takeTurn() {
        long t0 = System.nanoTime();
        if (!gate.tryEnterFirst()) {
            gate.enterFirst();
            journal.writerWaited(System.nanoTime() - t0);
        }
    }

    private void commitInGate(List<Pending> fresh) {
        List<Pending> batch = fresh;
        if (!deferred.isEmpty()) {
            // Deferred events first: they happened before everything in this batch.
            batch = new ArrayList<>(deferred);
            batch.addAll(fresh);
            deferred.clear();
        }
        try {
            tryCommit(batch);
        } catch (SQLException e) {
            if (!staleSnapshot(e)) {
                rollback(e, batch);
                return;
            }
            // SQLITE_BUSY_SNAPSHOT: this transaction read before it wrote, and another connection
            // (the access list, the access state) committed in between; busy_timeout does not
            // retry that, a fresh transaction succeeds.
            try {
                resetTransaction();
                journal.cursorsNotPersisted();
                tryCommit(batch);
            } catch (SQLException again) {
                rollback(again, batch);
            }
        } finally {
            deferredCount = deferred.size();
        }
    }

    /**
     * Rolls back and opens the next transaction, as sqlite-jdbc's manual-commit mode expects. After
     * SQLITE_FULL or an I/O error SQLite has already rolled back on its own; sqlite-jdbc's rollback()
     * then fails before it begins the next transaction, and every later commit would fail with "no
     * transaction is active" long after the disk has room again. Begin it here instead.
     */
    private void resetTransaction() throws SQLException {
        try {
            conn.rollback();
        } catch (SQLException alreadyEnded) {
            try (Statement st = conn.createStatement()) {
                st.execute("BEGIN");
            } catch (SQLException e) {
                e.addSuppressed(alreadyEnded);
                throw e;
            }
        }
    }

    private static boolean staleSnapshot(SQLException e) {
        return e instanceof org.sqlite.SQLiteException s
                && s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT;
    }

    /**
     * Encodes the bodies of {@code batch} from index {@code from} here, on the writer thread, so
     * producers (the decision path among them) only build records. A record the codec refuses
     * fails its own append and leaves the batch; the rest commit.
     */
    private void encodeFrom(List<Pending> batch, int from) {
        int kept = from;
        for (int i = from; i < batch.size(); i++) {
            Pending p = batch.get(i);
            try {
                p.body = EventCodec.encode(p.draft().event());
                batch.set(kept++, p);
            } catch (RuntimeException e) {
                log.error(
                        "journal: {} event from {} not encodable: {}",
                        p.draft().kind().topic(),
                        p.draft().deviceId(),
                        e.toString());
                p.done().completeExceptionally(new JournalException("not encodable: " + e.getMessage(), e));
            }
        }
        batch.subList(kept, batch.size()).clear();
    }

    private void tryCommit(List<Pending> batch) throws SQLException {
        long t0 = System.nanoTime();
        long first = lastSeq + 1;
        List<JournalEvent> events = new ArrayList<>(batch.size());
        Retention.Outcome purged = null;
        try {
            for (Pending p : batch) {
                EventDraft d = p.draft();
                long seq = ++lastSeq;
                insert.setLong(1, seq);
                insert.setString(2, d.kind().topic());
                insert.setString(3, d.deviceId());
                long ts = Rows.micros(d.ts());
                long receivedAt = Rows.micros(d.receivedAt());
                insert.setLong(4, ts);
                insert.setLong(5, receivedAt);
                insert.setString(6, d.event().eventType().wire());
                insert.setString(7, p.body);
                insert.addBatch();
                // The producer gets the event as a reader will: its times at the row's microseconds;
                // with the body just encoded (the six-argument constructor would encode it again).
                events.add(JournalEvent.appended(
                        seq,
                        journal.eventId(seq),
                        d.deviceId(),
                        Rows.instant(ts),
                        Rows.instant(receivedAt),
                        d.event(),
                        p.body));
            }
            if (!batch.isEmpty()) {
                insert.executeBatch();
                saveLastSeq.setString(1, Long.toString(lastSeq));
                saveLastSeq.executeUpdate();
                purged = retention == null ? null : retention.withBatch(first, batch.size());
            }
            journal.persistCursors(conn);
            conn.commit();
        } catch (SQLException e) {
            lastSeq = first - 1;
            insert.clearBatch();
            throw e;
        }
        if (purged != null) {
            purged.publish(journal, config);
            retentionDraining = purged.draining();
        }
        if (failing) {
            failing = false;
            log.info("journal writes succeed again");
            journal.diskTrouble(false, null);
        }
        journal.committed(lastSeq, events, System.nanoTime() - t0);
        // Access decisions first: someone waits at a gate or a barrier for each; a monitor's
        // PUBACK holds nobody. Completing 128 futures (each a hop to a device's event loop) took
        // 0.45 ms a batch at 20,000 events/s, 2 ms in its slowest 1 %.
        complete(batch, events, true);
        complete(batch, events, false);
        if (!events.isEmpty()) {
            journal.wakeReaders();
        }
    }

    private static void complete(List<Pending> batch, List<JournalEvent> events, boolean access) {
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if ((p.draft().kind() == EventKind.ACCESS) == access) {
                p.done().complete(events.get(i));
            }
        }
    }

    private void rollback(SQLException e, List<Pending> batch) {
        try {
            resetTransaction();
        } catch (SQLException r) {
            e.addSuppressed(r);
        }
        // If SQLite had already rolled back on its own (disk full, I/O error), rows of this batch
        // may have been written outside a transaction: never hand their seqs out again.
        try {
            lastSeq = Math.max(lastSeq, storedMaxSeq());
        } catch (SQLException r) {
            e.addSuppressed(r);
        }
        journal.cursorsNotPersisted();
        if (!failing) {
            failing = true;
            // Logged once per failure episode: a full disk must not also flood the journal.
            log.error(
                    "journal commit failed ({} events refused, devices will retry): {}", batch.size(), e.getMessage());
        }
        JournalException failure = new JournalException("not durable: " + e.getMessage(), e);
        List<Pending> refused = new ArrayList<>();
        for (Pending p : batch) {
            if (p.deferrable() && deferred.size() < DEFERRED_MAX) {
                deferred.add(p);
            } else {
                refused.add(p);
            }
        }
        if (!refused.isEmpty() && batch.stream().anyMatch(Pending::deferrable) && deferred.size() == DEFERRED_MAX) {
            log.error("journal: {} events wait for the disk, the most it keeps; refusing more", DEFERRED_MAX);
        }
        // After deferring: the alarm's own event is deferrable and must queue behind those it follows.
        // Before refusing: whoever is told "not durable" already finds the alarm raised.
        journal.diskTrouble(true, e.getMessage());
        for (Pending p : refused) {
            p.done().completeExceptionally(failure);
        }
    }

    /** At stop: deferred events that never became durable are failed, and said so. */
    private void giveUpDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        log.error("journal stopped with {} events that the disk never accepted; they are lost", deferred.size());
        JournalException failure = new JournalException("journal stopped before the disk accepted the event");
        deferred.forEach(p -> p.done().completeExceptionally(failure));
        deferred.clear();
        deferredCount = 0;
    }

    /** Events waiting in memory for the disk to accept writes again. */
    int deferred() {
        return deferredCount;
    }

    private long storedMaxSeq() throws SQLException {
        try (var st = conn.createStatement();
                var rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
            return rs.next() ? rs.getLong(1) : 0;
        } finally {
            try {
                resetTransaction(); // end the read transaction the query opened
            } catch (SQLException ignored) {
                // nothing was written; a failed rollback of a read leaves nothing to undo
            }
        }
    }

    private void maintain(boolean idle) {
        long now = System.nanoTime();
        boolean due = now - lastMaintenance >= MAINTENANCE_NANOS;
        // A drain's own passes run only while no appends arrive; with appends it rides their batches.
        if (!due && !(retentionDraining && idle)) {
            if (idle && journal.cursorsDirty()) {
                commit(List.of()); // persist cursors moved by acks while no appends arrive
            }
            return;
        }
        if (due) {
            lastMaintenance = now;
        }
        if (retention == null) {
            return;
        }
        takeTurn();
        try {
            Retention.Outcome outcome = retention.run(due);
            conn.commit();
            retentionDraining = outcome.draining();
            outcome.publish(journal, config);
            journal.refreshStats(outcome.usedBytes());
            // The statistics read on this connection (the oldest pending event per sink), which opens a
            // read transaction; ended here, or it pins a snapshot that the next batch cannot write
            // from once another connection (access list, access state) has committed.
            conn.commit();
        } catch (SQLException e) {
            try {
                resetTransaction();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            retentionDraining = false; // a failing pass is retried a second later, not after every batch
            log.warn("journal retention failed: {}", e.getMessage());
        } finally {
            gate.leave();
        }
    }

    void stop() {
        running = false;
    }

    /**
     * Waits, up to {@code timeout} (chrt takes milliseconds), until the writer thread has taken its
     * scheduling: once the journal says it is open, /proc and {@code
     * courtyard_journal_writer_realtime} tell the truth.
     */
    void awaitScheduled(Duration timeout) {
        try {
            if (!scheduled.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("journal writer: its scheduling not settled after {}; starting anyway", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How long the writer has been inside one batch or maintenance pass (committing, fsyncing,
     * completing its producers' futures), or 0 while it waits for work.
     */
    long busyNanos(long now) {
        long since = busySince;
        return since == 0 ? 0 : now - since;
    }

    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }

    long lastSeq() {
        return lastSeq;
    }
}
