package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.usage.UsageProjection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage and fault projections under kill -9: a child process projects while events are
 * appended and is killed at random moments, three times; after a restart the tables equal those of
 * a clean replay of the same journal, and every change the fault log derived was journaled exactly
 * once.
 */
@Timeout(300)
class ProjectionCrashIT {
    static final int ROUNDS = 3;
    /**
     * Far above what three rounds write (about 300 bytes an event, 13 MB in a loaded run): over
     * its quota the journal purges the events every sink has read, fault changes among them, and
     * the count of journaled changes below came up short whenever a fast machine wrote past the
     * default 64 MiB. The test checks that nothing was purged.
     */
    static final long QUOTA = 1L << 30;

    static final String[] TABLES = {
        "usage_rides_hourly",
        "usage_rides_daily",
        "usage_floor_daily",
        "usage_traffic_daily",
        "faults",
        "fault_changes",
        "fault_transients"
    };

    @TempDir
    Path dir;

    @Test
    void countsAfterCrashesEqualACleanReplayAndDerivedChangesAreJournaledOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ProjectionCrashProbe.class.getName(),
                            dir.toString(),
                            Integer.toString(round))
                    .redirectError(dir.resolve("probe-" + round + ".err").toFile())
                    .start();
            long killAt = Long.MAX_VALUE;
            long loadMillis = ThreadLocalRandom.current().nextLong(1500, 3500);
            long appended = 0;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("STARTED")) {
                        killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loadMillis);
                    } else if (line.startsWith("APPENDED ")) {
                        appended = Long.parseLong(line.substring(9));
                    }
                    if (System.nanoTime() > killAt && p.isAlive()) {
                        p.toHandle().destroyForcibly();
                    }
                }
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(appended)
                    .as(
                            "round %d appended under load; the probe's stderr:%n%s",
                            round, Files.readString(dir.resolve("probe-" + round + ".err")))
                    .isGreaterThanOrEqualTo(1000);
        }

        // Restart: the projections and the outbox catch up from their cursors.
        Map<String, List<String>> afterCrash;
        try (FaultLog log = FaultLog.open(dir, new SettableClock(Instant.parse("2026-11-01T00:00:00Z")), QUOTA)) {
            log.settle();
            afterCrash = snapshot(log.db());
            assertThat(log.count("SELECT MIN(seq) FROM events"))
                    .as("no event purged for the quota")
                    .isEqualTo(1);
            assertThat(log.count("SELECT COUNT(*) FROM faults")).isGreaterThan(10);
            assertThat(log.count("SELECT COUNT(*) FROM usage_rides_daily")).isGreaterThan(10);
            List<String> keys = new ArrayList<>();
            JournalReader.unacknowledged(log.db(), TestJournal.SITE, "nobody", je -> {
                if (je.event() instanceof FaultLifecycle f && f.origin() == FaultLifecycle.Origin.DEVICE) {
                    keys.add(f.fault() + "#" + f.step());
                }
            });
            Set<String> distinct = new HashSet<>(keys);
            assertThat(keys).as("derived changes journaled twice").hasSameSizeAs(distinct);
            assertThat((long) distinct.size())
                    .as("every derived change journaled")
                    .isEqualTo(log.count("SELECT COUNT(*) FROM fault_changes"));
        }

        // Clean replay of the same journal: empty tables, cursors at the start.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                Statement st = c.createStatement()) {
            for (String t : TABLES) {
                st.executeUpdate("DELETE FROM " + t);
            }
            st.executeUpdate("DELETE FROM fault_outbox");
            st.executeUpdate("DELETE FROM sink_cursor WHERE sink IN ('usage', 'faults')");
            st.executeUpdate("DELETE FROM sink_ahead WHERE sink IN ('usage', 'faults')");
        }
        try (FaultLog replay = FaultLog.replay(dir, QUOTA)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> replay.journal().source(FaultProjection.SINK).pending() == 0
                            && replay.journal().source(UsageProjection.SINK).pending() == 0);
            assertThat(snapshot(replay.db())).isEqualTo(afterCrash);
            assertThat(replay.count("SELECT COUNT(*) FROM fault_outbox"))
                    .as("every change the replay derived is already in the journal")
                    .isZero();
        }
    }

    static Map<String, List<String>> snapshot(Connection c) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String t : TABLES) {
            List<String> rows = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM " + t + " ORDER BY 1, 2, 3")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    rows.add(row.toString());
                }
            }
            out.put(t, rows);
        }
        return out;
    }

    static JournalProjector.Policy policy() {
        return JournalProjector.Policy.DEFAULT;
    }
}
