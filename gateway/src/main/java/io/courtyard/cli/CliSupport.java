package io.courtyard.cli;

import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
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
     * {@code COURTYARD_LOG_LEVEL} still turns them on. Called from {@code main} only: it changes the
     * whole JVM's logging, which tests running commands in-process must keep.
     */
    static void quietLogs(String... args) {
        boolean offline = args.length > 0
                && java.util.Set.of("acl", "cmd", "keys", "bill", "faults", "usage")
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
