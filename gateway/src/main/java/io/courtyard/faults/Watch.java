package io.courtyard.faults;

import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check the fault room runs on its own thread every {@code every}, with its own connection: the
 * rescue clocks, the uplink. A failed check is logged and tried again at the next tick.
 */
abstract class Watch implements Service {
    private static final Logger log = LoggerFactory.getLogger(Watch.class);

    private final Database db;
    private final Duration every;
    private ScheduledExecutorService timer;
    /** The watch's own connection, open between start and stop; used only on its thread. */
    protected Connection conn;

    Watch(Database db, Duration every) {
        this.db = db;
        this.every = every;
    }

    /** One look; called on the watch's thread. */
    abstract void tick() throws SQLException;

    @Override
    public synchronized void start() throws SQLException {
        conn = db.connect();
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named(name(), true));
        timer.scheduleWithFixedDelay(this::tickQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() throws InterruptedException, SQLException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (conn != null) {
            conn.close();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (SQLException | RuntimeException e) {
            log.warn("{}: {}", name(), e.toString());
        }
    }
}
