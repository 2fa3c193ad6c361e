package io.courtyard.store;

import io.courtyard.runtime.LogLimiter;
import io.courtyard.runtime.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the write-ahead log into the database file on a thread of its own. Left to SQLite, the
 * commit that finds the WAL over 1,000 pages runs the checkpoint itself, inside the commit: the
 * journal writer would copy megabytes and fsync the database file while every device waiting on
 * that batch waits too (plate cameras saw answers stall for hundreds of milliseconds). Every
 * connection of a started {@link Database} has automatic checkpoints off; this thread runs a
 * {@code PASSIVE} checkpoint, which never blocks writers or readers, whenever the WAL has grown
 * past {@link #WAL_BYTES}, and a {@code TRUNCATE} one at shutdown so a stopped gateway leaves no
 * log behind. The WAL file is cut back to {@link #KEEP_BYTES} when SQLite starts it over.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** The WAL size that asks for a checkpoint: SQLite's own default of 1,000 pages of 4 KiB. */
    static final long WAL_BYTES = 4L << 20;
    /** What the WAL file is cut back to when it starts over (SQLite's {@code journal_size_limit}). */
    static final long KEEP_BYTES = 64L << 20;

    static final Duration EVERY = Duration.ofMillis(250);

    private final Connection conn;
    private final Path wal;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Threads.named("sqlite-checkpoint", true));
    private final LogLimiter failures = new LogLimiter(Duration.ofMinutes(1));
    private final AtomicLong runs = new AtomicLong();

    Checkpointer(Connection conn, Path dbFile) {
        this.conn = conn;
        this.wal = dbFile.resolveSibling(dbFile.getFileName() + "-wal");
    }

    void start() {
        thread.scheduleWithFixedDelay(this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checkpoints run so far, for tests. */
    long runs() {
        return runs.get();
    }

    private void tick() {
        try {
            if (walBytes() >= WAL_BYTES) {
                checkpoint("PASSIVE");
            }
        } catch (SQLException | IOException | RuntimeException e) {
            // Disk full, a locked file: the WAL keeps growing and the next tick tries again.
            long suppressed = failures.permit();
            if (suppressed >= 0) {
                log.warn(
                        "database: checkpoint failed, the write-ahead log keeps growing until one succeeds: {}",
                        e.toString());
            }
        }
    }

    private long walBytes() throws IOException {
        try {
            return Files.size(wal);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** {@code wal_checkpoint(mode)}: busy, log frames, frames checkpointed. */
    private int[] checkpoint(String mode) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            int[] r = {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
            runs.incrementAndGet();
            log.debug(
                    "database: {} checkpoint of {} frames ({} moved) in {} ms",
                    mode,
                    r[1],
                    r[2],
                    (System.nanoTime() - t0) / 1_000_000);
            return r;
        }
    }

    /** Stops the thread, then folds the whole log into the database file, if nothing holds it. */
    @Override
    public void close() throws SQLException {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            checkpoint("TRUNCATE");
        } catch (SQLException e) {
            log.info(
                    "database: the final checkpoint did not run ({}); SQLite replays the log at the next start",
                    e.getMessage());
        } finally {
            conn.close();
        }
    }
}
