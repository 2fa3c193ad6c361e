package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.courtyard.store.OldSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose faults were projected by the release before the hourly figures (schema 6) is
 * upgraded: migration V007 sums them into {@code fault_stats_hourly}, and the stats read from it
 * equal the stats read fault by fault, for whole and partial hours; the plan reads the table and
 * the transients' index rather than every fault.
 */
class FaultStatsUpgradeTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theUpgradeSumsTheFaultsAlreadyProjectedAndStatsAgreeWithTheRows() throws Exception {
        try (Connection old = OldSchema.at(dir, 6)) {
            old.setAutoCommit(false);
            fill(old, 2_000);
            old.commit();
        }
        Database db = new Database(dir, Synchronous.NORMAL);
        db.start();
        try (Connection c = db.connect()) {
            assertThat(db.schemaVersion()).isEqualTo(7);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT SUM(faults), COUNT(*) FROM fault_stats_hourly")) {
                assertThat(rs.getLong(1)).isEqualTo(2_000);
                assertThat(rs.getLong(2)).as("hours with faults").isGreaterThan(100);
            }
            Instant[][] periods = {
                {T0.minus(Duration.ofDays(30)), T0.plus(Duration.ofDays(60))},
                {T0.plus(Duration.ofMinutes(17)), T0.plus(Duration.ofDays(3).plusMinutes(41))},
                {T0.plus(Duration.ofHours(5)), T0.plus(Duration.ofHours(6))},
                {T0.plus(Duration.ofMinutes(61)), T0.plus(Duration.ofMinutes(119))},
                {Instant.EPOCH, T0.plus(Duration.ofDays(400))}
            };
            for (Instant[] p : periods) {
                assertThat(FaultQueries.stats(c, p[0], p[1]))
                        .as("%s..%s", p[0], p[1])
                        .isEqualTo(FaultQueries.statsOfRows(c, p[0], p[1]));
            }
            assertThat(FaultQueries.stats(c, T0, T0.plus(Duration.ofDays(60))).faults())
                    .isEqualTo(2_000);
            assertThat(plan(c, "SELECT SUM(faults) FROM fault_stats_hourly WHERE hour >= 1 AND hour < 9"))
                    .contains("USING INTEGER PRIMARY KEY");
            assertThat(plan(c, "SELECT COUNT(*) FROM fault_transients WHERE at_us >= 1 AND at_us < 9"))
                    .contains("fault_transients_at");
        } finally {
            db.stop();
        }
    }

    /** Faults every 15 minutes from T0 in every state and outcome, some acknowledged, reached, overdue. */
    private static void fill(Connection c, int n) throws Exception {
        Random rnd = new Random(12);
        String[] states = {"open", "acknowledged", "arrived", "cleared", "closed"};
        String[] outcomes = {"repaired", "recovered", "false_alarm", "self_released"};
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO faults(id, device, type, severity, state,"
                + " raised_us, raised_month, raised_seq, ack_us, arrived_us, cleared_us, closed_us, outcome, steps,"
                + " overdue) VALUES (?, ?, 'door-forced-open', 'major', ?, ?, '2026-10', ?, ?, ?, ?, ?, ?, 1, ?)")) {
            for (int i = 0; i < n; i++) {
                long raised = Micros.of(T0.plus(Duration.ofMinutes(15L * i + rnd.nextInt(15))));
                String state = states[rnd.nextInt(states.length)];
                boolean cleared = state.equals("cleared") || state.equals("closed");
                ps.setString(1, "f-" + i);
                ps.setString(2, "gate-" + i); // one active fault per device and type
                ps.setString(3, state);
                ps.setLong(4, raised);
                ps.setLong(5, i + 1);
                setOrNull(ps, 6, rnd.nextBoolean() || !state.equals("open") ? raised + rnd.nextInt(600_000_000) : null);
                setOrNull(
                        ps, 7, state.equals("arrived") || cleared && rnd.nextBoolean() ? raised + 900_000_000L : null);
                setOrNull(ps, 8, cleared ? raised + 1_000_000_000L + rnd.nextInt(1_000_000_000) : null);
                setOrNull(ps, 9, state.equals("closed") ? raised + 3_000_000_000L : null);
                ps.setString(10, state.equals("closed") ? outcomes[rnd.nextInt(outcomes.length)] : null);
                ps.setInt(11, rnd.nextInt(10) == 0 ? 1 : 0);
                ps.executeUpdate();
            }
        }
    }

    private static void setOrNull(PreparedStatement ps, int i, Long v) throws Exception {
        if (v == null) {
            ps.setNull(i, java.sql.Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    private static String plan(Connection c, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                out.append(rs.getString(4)).append('\n');
            }
        }
        return out.toString();
    }
}
