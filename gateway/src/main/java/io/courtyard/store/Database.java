package io.courtyard.store;

import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.runtime.Service;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.BusyHandler;

/**
 * The gateway's one SQLite database in its state directory: locked against a second gateway,
 * migrated at startup, handing out connections with the same pragmas.
 */
public final class Database implements Service {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** How long a connection waits for another's lock before SQLITE_BUSY. */
    private static final int BUSY_TIMEOUT_MS = 5000;

    private final Path dir;
    private final Path file;
    private final Synchronous synchronous;
    private final WriteGate writeGate = new WriteGate();
    private StateLock lock;
    private Connection admin;
    private String instanceId;

    public Database(Path dir, Synchronous synchronous) {
        this.dir = dir;
        this.file = dir.resolve("courtyard.db");
        this.synchronous = synchronous;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public void start() throws IOException, SQLException, SchemaException {
        start(StateLock.acquire(dir));
    }

    /**
     * Opens and migrates the database under a lock the caller already holds (an offline command
     * that prepared the directory first); the database owns the lock from here and releases it on
     * {@link #stop()}, or at once if it cannot open.
     */
    public void start(StateLock held) throws IOException, SQLException, SchemaException {
        if (!held.dir().equals(dir)) {
            held.close();
            throw new IllegalArgumentException("lock of " + held.dir() + " given for " + dir);
        }
        lock = held;
        int version;
        try {
            Migrations.refuseNewer(file);
            admin = connect();
            version = Migrations.apply(admin, file.toString());
            instanceId = loadOrCreateInstanceId();

        } catch (SQLException | SchemaException | RuntimeException e) {
            // The lifecycle only stops what started, so a failed start must give back the lock itself.
            try {
                stop();
            } catch (IOException | SQLException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        log.info(
                "database {} ready: schema version {}, synchronous={}, instance {}",
                file,
                version,
                synchronous,
                instanceId);
    }

    /** A new connection in WAL mode with this gateway's pragmas; the caller owns and closes it. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        // Nobody here asks for generated keys; left on, sqlite-jdbc prepares and runs
        // "SELECT last_insert_rowid()" after every INSERT, which doubled a projection's inserts.
        props.setProperty("jdbc.get_generated_keys", "false");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, props);
        try (Statement st = c.createStatement()) {
            // First: every later pragma may meet another connection's lock (a recovery after a
            // crash) and must wait for it rather than fail at once.
            st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=" + synchronous.name());
            st.execute("PRAGMA foreign_keys=ON");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * A connection for state derived from the journal (projections): its commits do not fsync
     * (WAL with {@code synchronous=NORMAL}). A projection commits its rows and its cursor together,
     * so a power cut can only take back its last few batches, cursor included, and they are
     * projected again from the journal, which stays fully synchronous; what it never does is hold
     * SQLite's one write lock through an fsync while the journal writer, and every device waiting on
     * its batch, wait behind it. The next journal commit's fsync makes them durable anyway: the log
     * is one file, synced in order.
     */
    public Connection connectDerived() throws SQLException {
        Connection c = connect();
        try {
            if (synchronous == Synchronous.FULL) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA synchronous=NORMAL");
                }
            }
            BusyHandler.setHandler(c, new ShortNaps());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * How a derived connection waits for the write lock: it looks again every {@link #NAP_NANOS},
     * for as long as {@code busy_timeout} would have waited. SQLite's own handler sleeps 1, 2, 5,
     * 10 ... up to 100 ms between looks, and the journal writer, whose commits take the lock a few
     * milliseconds of every batch window, was holding it at most of them: under 20,000 events a
     * second a projection waited up to 0.5 s for its turn and fell 30,000 events behind, so it read
     * them back from SQLite instead of from memory (README, end to end).
     */
    private static final class ShortNaps extends BusyHandler {
        private static final long NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
        private static final long GIVE_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MS);
        private long since;

        @Override
        protected int callback(int tries) {
            long now = System.nanoTime();
            if (tries == 0) {
                since = now;
            }
            if (now - since >= GIVE_UP_NANOS) {
                return 0;
            }
            LockSupport.parkNanos(this, NAP_NANOS);
            return 1;
        }
    }

    /**
     * The queue for SQLite's one writer inside this process: a component whose write transactions
     * run back to back (the journal's projections, the journal writer) takes it around each, so
     * that it waits its turn here, woken the moment the lock is free, instead of sleeping in
     * SQLite's busy handler.
     */
    public WriteGate writeGate() {
        return writeGate;
    }

    public Path file() {
        return file;
    }

    /** A random id made once per database, so events from a re-imaged box never collide upstream. */
    public String instanceId() {
        return instanceId;
    }

    public int schemaVersion() throws SQLException {
        return Migrations.version(admin);
    }

    private String loadOrCreateInstanceId() throws SQLException {
        try (PreparedStatement ins =
                admin.prepareStatement("INSERT OR IGNORE INTO meta(key, value) VALUES('instance', ?)")) {
            ins.setString(1, UUID.randomUUID().toString());
            ins.executeUpdate();
        }
        try (Statement st = admin.createStatement();
                var rs = st.executeQuery("SELECT value FROM meta WHERE key = 'instance'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void stop() throws IOException, SQLException {
        try {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        } finally {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }
}
