package io.courtyard.cli;

import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.Journal;
import io.courtyard.store.Database;
import io.courtyard.store.StateLock;
import io.courtyard.store.StateOwner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import picocli.CommandLine;

/** What the offline commands share: loading the configuration and reaching the gateway's database. */
final class CliSupport {
    /** The schema version that holds the access list (V003). */
    static final int ACL_SCHEMA = 3;

    private CliSupport() {}

    /** A usage mistake picocli reports with exit code 2. */
    static final class Usage extends CommandLine.ParameterException {
        private static final long serialVersionUID = 1L;

        Usage(CommandLine cmd, String message) {
            super(cmd, message);
        }
    }

    /**
     * Offline commands report their outcome themselves; the gateway's INFO lines would only bury it.
     * {@code COURTYARD_LOG_LEVEL} still turns them on. Called from {@link Main#main} only: it changes the
     * whole JVM's logging, which callers running commands in-process (tests, the simulator) must keep.
     */
    static void quietLogs(String... args) {
        boolean offline = args.length > 0
                && java.util.Set.of("acl", "cmd", "keys", "backup", "restore", "bill", "faults", "usage")
                        .contains(args[0]);
        if (!offline) {
            return;
        }
        if (System.getenv("COURTYARD_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                        instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    /**
     * The gateway's database and journal for an offline command, under the state lock the caller
     * holds: the database opens (and migrates) at once, the journal on first use. Closing stops both
     * and hands the files the command created in the state directory to its owner (the service user
     * when the command ran as root).
     */
    static final class Offline implements AutoCloseable {
        private final GatewayConfig config;
        private final Database database;
        private Journal journal;

        private Offline(GatewayConfig config, Database database) {
            this.config = config;
            this.database = database;
        }

        static Offline open(GatewayConfig c, StateLock lock) throws Exception {
            Database db = new Database(c.state().dir(), c.journal().synchronous());
            db.start(lock);
            return new Offline(c, db);
        }

        Database database() {
            return database;
        }

        /** A tool's journal, started on first use: it appends and never purges (it does not know every sink). */
        Journal journal() throws SQLException {
            if (journal == null) {
                Journal j = Journal.forTool(database, config.site().id(), config.journal(), new SimpleMeterRegistry());
                j.start();
                journal = j;
            }
            return journal;
        }

        @Override
        public void close() throws Exception {
            try {
                if (journal != null) {
                    journal.stop();
                }
            } finally {
                database.stop();
                StateOwner.adopt(config.state().dir());
            }
        }
    }

    /** The configuration, or null after reporting its problems (the caller exits 2). */
    static GatewayConfig config(CommandLine.Model.CommandSpec spec, Path file, Path stateDir) {
        try {
            GatewayConfig c = ConfigLoader.load(file);
            return stateDir == null ? c : c.withStateDir(stateDir);
        } catch (ConfigException e) {
            CheckConfigCommand.report(spec.commandLine().getErr(), e);
            return null;
        }
    }

    /**
     * A connection for reading, without the state lock, so that it works beside a running
     * gateway (SQLite's WAL lets readers in); null after a message when there is nothing to read.
     */
    static Connection reader(GatewayConfig c, PrintWriter err) throws SQLException {
        Path db = c.state().database();
        if (!Files.isRegularFile(db)) {
            err.println(db + ": no database; has the gateway run with this state directory?");
            return null;
        }
        org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
        ro.setReadOnly(true);
        ro.setBusyTimeout(5000);
        Connection conn = ro.createConnection("jdbc:sqlite:" + db);
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            int v = rs.next() ? rs.getInt(1) : 0;
            if (v < ACL_SCHEMA) {
                conn.close();
                err.println(
                        db + ": schema version " + v + " has no access list yet; start the gateway once to migrate");
                return null;
            }
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        return conn;
    }
}
