package io.courtyard.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log back into the database file on a thread of its own, so that the
 * writer's commits do not. SQLite runs a checkpoint inside whichever commit finds the log over
 * {@code wal_autocheckpoint} pages: at 20,000 events/s that was the writer's commit three to
 * four times a second, each about 10 ms longer (copying ~1,000 pages and syncing the database
 * file), and every append in that batch or queued behind it waited for it.
 *
 * <p>A pass is PASSIVE: it never blocks the writer or a reader, and copies what no reader still
 * needs. The log starts over from its beginning only when a write transaction begins with every
 * page of it copied; the writer keeps appending while a pass runs, so a pass that did not copy
 * everything is followed by another right after the writer's next commit, which has only that
 * commit's pages to copy and ends inside the writer's batch window. The writer's own connection
 * keeps an automatic checkpoint at {@link #WRITER_BACKSTOP_PAGES}, far above what the passes let
 * the log reach, in case this thread falls behind or stops.
 */
final class Checkpointer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** How often a pass runs while the previous one copied everything. */
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The writer's {@code wal_autocheckpoint}: a backstop, ten times SQLite's default. */
    static final int WRITER_BACKSTOP_PAGES = 10_000;
    /** The longest a pass waits for the writer's next commit before it runs anyway. */
    private static final long COMMIT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Failures are logged at most this often. */
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Journal journal;
    private final Connection conn;
    private final JournalMetrics metrics;
    private volatile boolean running = true;
    private long lastFailureLog = System.nanoTime() - LOG_EVERY_NANOS;

    Checkpointer(Journal journal, Connection conn, JournalMetrics metrics) {
        this.journal = journal;
        this.conn = conn;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        boolean copiedAll = true;
        long passedAt = -1; // the journal's last seq at the last pass
        try (Statement st = conn.createStatement()) {
            while (running) {
                if (copiedAll) {
                    TimeUnit.NANOSECONDS.sleep(PERIOD_NANOS);
                } else {
                    journal.awaitBeyond(journal.lastDurableSeq(), COMMIT_WAIT_NANOS);
                }
                long seq = journal.lastDurableSeq();
                // An idle journal has nothing new to copy (what else writes, writes after its commits).
                if (running && !(copiedAll && seq == passedAt)) {
                    passedAt = seq;
                    copiedAll = pass(st);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.error("journal checkpoints stopped: {}; the writer checkpoints on its own from now", e.getMessage());
        }
    }

    /** One PASSIVE checkpoint; true when it copied every page the log holds. */
    private boolean pass(Statement st) {
        long t0 = System.nanoTime();
        try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            boolean busy = rs.getInt(1) != 0;
            int pages = rs.getInt(2);
            int copied = rs.getInt(3);
            metrics.checkpointed(pages, System.nanoTime() - t0);
            return !busy && copied >= pages;
        } catch (SQLException e) {
            long now = System.nanoTime();
            if (now - lastFailureLog >= LOG_EVERY_NANOS) {
                lastFailureLog = now;
                log.warn("journal checkpoint failed: {}", e.getMessage());
            }
            return true; // wait a period before the next try
        }
    }

    void stop() {
        running = false;
    }

    /** After the thread has ended: its connection. */
    void close() throws SQLException {
        conn.close();
    }
}
