package io.courtyard.access;

import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code access_state} table up to date from the journal, on its own thread and its own
 * cursor: a batch of events is projected in one transaction, then acknowledged. A crash between
 * the two replays the batch, which the idempotent upserts absorb.
 */
final class AccessStateProjector implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AccessStateProjector.class);
    private static final int BATCH = 1000;

    private final EventSource source;
    private final Connection conn;
    private volatile boolean running = true;

    AccessStateProjector(EventSource source, Connection conn) throws SQLException {
        this.source = source;
        this.conn = conn;
        conn.setAutoCommit(false);
    }

    @Override
    public void run() {
        boolean failing = false;
        while (running) {
            try {
                List<JournalEvent> batch = source.next(BATCH, 200);
                if (batch.isEmpty()) {
                    continue;
                }
                long[] seqs = new long[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    JournalEvent e = batch.get(i);
                    seqs[i] = e.seq();
                    AccessStateStore.Effect effect =
                            AccessStateStore.effect(e.kind().topic(), e.ts(), e.body());
                    if (effect != null) {
                        AccessStateStore.project(conn, effect);
                    }
                }
                conn.commit();
                source.ack(seqs);
                if (failing) {
                    failing = false;
                    log.info("access state projection writes again");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    // The state in memory is intact and the events stay in the journal: retried, not lost.
                    log.error("access state projection failed, retrying: {}", e.toString());
                    failing = true;
                }
                rollbackQuietly();
                source.rewind();
                sleep();
            }
        }
    }

    void stop() {
        running = false;
    }

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException e) {
            log.debug("rollback: {}", e.toString());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
