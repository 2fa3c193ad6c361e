package io.courtyard.journal;

import io.courtyard.config.JournalConfig;
import io.courtyard.journal.event.EventCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer thread: group commit. A batch closes at {@code batchMaxEvents}
 * or {@code batchWindow} after its first event; it commits in one transaction (fsync under
 * synchronous=FULL) and only then are its futures completed.
 */
final class JournalWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    /** How often an idle writer persists moved cursors and runs retention. */
    private static final long IDLE_TICK_MS = 200;

    /** An append waiting for its batch; its body is encoded by the writer when the batch closes. */
    static final class Pending {
        private final EventDraft draft;
        private final CompletableFuture<JournalEvent> done;
        private String body;

        Pending(EventDraft draft, CompletableFuture<JournalEvent> done) {
            this.draft = draft;
            this.done = done;
        }

        EventDraft draft() {
            return draft;
        }

        CompletableFuture<JournalEvent> done() {
            return done;
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
    private long lastSeq;
    private long lastMaintenance;
    private boolean failing;

    JournalWriter(Journal journal, BlockingQueue<Pending> queue, JournalConfig config, Connection conn, long lastSeq)
            throws SQLException {
        this.journal = journal;
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
        List<Pending> batch = new ArrayList<>(config.batchMaxEvents());
        try {
            while (running || !queue.isEmpty()) {
                Pending first = queue.poll(IDLE_TICK_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    fill(batch);
                    commit(encode(batch));
                    batch.clear();
                }
                maintain(first == null);
            }
            commit(encode(batch));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("journal writer stopped by an unexpected error; appends will fail until restart", e);
        }
    }

    private void fill(List<Pending> batch) throws InterruptedException {
        int max = config.batchMaxEvents();
        queue.drainTo(batch, max - batch.size());
        long deadline = System.nanoTime() + config.batchWindow().toNanos();
        while (batch.size() < max) {
            long left = deadline - System.nanoTime();
            Pending p = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (p == null) {
                return;
            }
            batch.add(p);
            queue.drainTo(batch, max - batch.size());
        }
    }

    private void commit(List<Pending> batch) {
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
                conn.rollback();
                journal.cursorsNotPersisted();
                tryCommit(batch);
            } catch (SQLException again) {
                rollback(again, batch);
            }
        }
    }

    private static boolean staleSnapshot(SQLException e) {
        return e instanceof org.sqlite.SQLiteException s
                && s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT;
    }

    /**
     * Encodes the batch's bodies here, on the writer thread, so producers (the decision path among
     * them) only build records. A record the codec refuses fails its own append, not the batch.
     */
    private List<Pending> encode(List<Pending> batch) {
        List<Pending> ok = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            try {
                p.body = EventCodec.encode(p.draft().event());
                ok.add(p);
            } catch (RuntimeException e) {
                log.error(
                        "journal: {} event from {} not encodable: {}",
                        p.draft().kind().topic(),
                        p.draft().deviceId(),
                        e.toString());
                p.done().completeExceptionally(new JournalException("not encodable: " + e.getMessage(), e));
            }
        }
        return ok;
    }

    private void tryCommit(List<Pending> batch) throws SQLException {
        long t0 = System.nanoTime();
        long first = lastSeq + 1;
        List<JournalEvent> events = new ArrayList<>(batch.size());
        try {
            for (Pending p : batch) {
                EventDraft d = p.draft();
                long seq = ++lastSeq;
                insert.setLong(1, seq);
                insert.setString(2, d.kind().topic());
                insert.setString(3, d.deviceId());
                insert.setLong(4, Rows.micros(d.ts()));
                insert.setLong(5, Rows.micros(d.receivedAt()));
                insert.setString(6, d.event().eventType().wire());
                insert.setString(7, p.body);
                insert.addBatch();
                events.add(new JournalEvent(
                        seq, journal.idPrefix() + seq, d.deviceId(), d.ts(), d.receivedAt(), d.event()));
            }
            if (!batch.isEmpty()) {
                insert.executeBatch();
                saveLastSeq.setString(1, Long.toString(lastSeq));
                saveLastSeq.executeUpdate();
            }
            journal.persistCursors(conn);
            conn.commit();
        } catch (SQLException e) {
            lastSeq = first - 1;
            insert.clearBatch();
            throw e;
        }
        if (failing) {
            failing = false;
            log.info("journal writes succeed again");
            journal.diskTrouble(false, null);
        }
        journal.committed(lastSeq, batch.size(), System.nanoTime() - t0);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(events.get(i));
        }
    }

    private void rollback(SQLException e, List<Pending> batch) {
        try {
            conn.rollback();
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
        journal.diskTrouble(true, e.getMessage());
        JournalException failure = new JournalException("not durable: " + e.getMessage(), e);
        batch.forEach(p -> p.done().completeExceptionally(failure));
    }

    private long storedMaxSeq() throws SQLException {
        try (var st = conn.createStatement();
                var rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
            return rs.next() ? rs.getLong(1) : 0;
        } finally {
            try {
                conn.rollback(); // end the read transaction the query opened
            } catch (SQLException ignored) {
                // nothing was written; a failed rollback of a read leaves nothing to undo
            }
        }
    }

    private void maintain(boolean idle) {
        long now = System.currentTimeMillis();
        if (now - lastMaintenance < 1000) {
            if (idle && journal.cursorsDirty()) {
                commit(List.of()); // persist cursors moved by acks while no appends arrive
            }
            return;
        }
        lastMaintenance = now;
        if (retention == null) {
            return;
        }
        try {
            Retention.Outcome outcome = retention.run();
            conn.commit();
            outcome.publish(journal, config);
            // Publishing reads on this connection (the oldest pending event per sink), which opens a
            // read transaction; ended here, or it pins a snapshot that the next batch cannot write
            // from once another connection (access list, access state) has committed.
            conn.commit();
        } catch (SQLException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            log.warn("journal retention failed: {}", e.getMessage());
        }
    }

    void stop() {
        running = false;
    }

    long lastSeq() {
        return lastSeq;
    }
}
