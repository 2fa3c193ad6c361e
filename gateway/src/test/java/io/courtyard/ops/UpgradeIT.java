package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.ReleaseBackup;
import io.courtyard.testsupport.TestConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades across real releases, with fixtures rather than old jars (building an earlier commit in
 * the suite would take minutes): a backup that release 0.1.0 wrote is restored and run by this
 * release, which migrates it forward and forwards its backlog under the old ids; and this release,
 * playing the older one, refuses a database from a newer schema with a clear message, without
 * changing a byte of it.
 */
@Timeout(180)
class UpgradeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aBackupFromRelease010IsRestoredMigratedAndForwardedUnderItsOwnIds() throws Exception {
        Path backup = ReleaseBackup.copyTo(dir.resolve("courtyard-backup.db"));
        try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
                TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", "courtyard/demo-court/#")) {
            Path config = ProjectFiles.demoConfigOnFreePorts(dir, broker.uri());
            Path state = dir.resolve("state");
            try (ChildProcess r =
                    cli("restore", backup.toString(), "--config", config.toString(), "--state-dir", state.toString())) {
                assertThat(r.awaitExit(WAIT)).as(r::output).isZero();
                assertThat(r.output())
                        .contains("(site demo-court, schema version " + ReleaseBackup.SCHEMA)
                        .contains("journal through seq " + ReleaseBackup.EVENTS)
                        .contains("(was " + ReleaseBackup.INSTANCE + ")");
            }
            assertThat(userVersion(state.resolve("courtyard.db"))).isEqualTo(latestSchema());

            Gateway gw = new Gateway(ConfigLoader.load(config).withStateDir(state));
            gw.start();
            try {
                List<String> owed = LongStream.rangeClosed(1, ReleaseBackup.EVENTS)
                        .mapToObj(seq -> "demo-court-" + ReleaseBackup.INSTANCE + "-" + seq)
                        .toList();
                await().atMost(WAIT).until(() -> platform.arrivals().stream()
                        .map(TestConsumer.Arrival::id)
                        .toList()
                        .containsAll(owed));
                assertThat(gw.access().snapshot().version())
                        .as("the backup's access list")
                        .isEqualTo(1);
                await().atMost(WAIT).until(() -> platform.arrivals().stream()
                        .anyMatch(a ->
                                a.text().contains("\"state\":\"restored\"") && a.seq() == ReleaseBackup.EVENTS + 1));
            } finally {
                gw.stop();
            }
        }
    }

    @Test
    void thisReleaseRefusesADatabaseFromANewerOneAndLeavesItUntouched() throws Exception {
        int newer = latestSchema() + 1;
        Path future = ReleaseBackup.copyTo(dir.resolve("future.db"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + future);
                Statement st = c.createStatement()) {
            // What a next release's migration would leave: something new, and the version that says so.
            st.executeUpdate("CREATE TABLE future_feature (id INTEGER PRIMARY KEY)");
            st.executeUpdate("PRAGMA user_version = " + newer);
        }
        Path config = ProjectFiles.demoConfigOnFreePorts(dir);

        Path other = dir.resolve("other-state");
        try (ChildProcess r =
                cli("restore", future.toString(), "--config", config.toString(), "--state-dir", other.toString())) {
            assertThat(r.awaitExit(WAIT)).as(r::output).isEqualTo(1);
            assertThat(r.output())
                    .contains(future + ": schema version " + newer + " is newer than this gateway knows ("
                            + latestSchema() + "); it was written by a newer Courtyard (0.1.0-SNAPSHOT). Restore it"
                            + " with that version or a later one.; nothing was changed.");
        }
        assertThat(other).doesNotExist();

        // The box was downgraded under a database the newer release had migrated.
        Path state = Files.createDirectories(dir.resolve("state"));
        Path db = Files.copy(future, state.resolve("courtyard.db"));
        String before = sha256(db);
        try (ChildProcess gw = cli("run", "--config", config.toString(), "--state-dir", state.toString())) {
            assertThat(gw.awaitExit(WAIT)).as(gw::output).isEqualTo(1);
            assertThat(gw.output())
                    .contains(db + ": schema version " + newer + " is newer than this gateway knows ("
                            + latestSchema() + "); it was written by a newer Courtyard. Run that version, or restore"
                            + " a backup taken with this one.")
                    .doesNotContain("READY");
        }
        assertThat(sha256(db)).as("not a byte changed").isEqualTo(before);
        assertThat(state.resolve("courtyard.db-wal")).doesNotExist();
    }

    private ChildProcess cli(String... args) {
        return ChildProcess.start(
                ChildProcess.gatewayCommand(args), dir, dir.resolve(args[0] + "-" + System.nanoTime() + ".log"));
    }

    /** The schema version this release creates. */
    private int latestSchema() throws Exception {
        Database db = new Database(dir.resolve("fresh-" + System.nanoTime()), Synchronous.FULL);
        db.start();
        try {
            return db.schemaVersion();
        } finally {
            db.stop();
        }
    }

    private static int userVersion(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
