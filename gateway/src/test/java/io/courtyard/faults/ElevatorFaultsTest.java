package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each elevator's fault figures come from every fault of the period, counted by the database: more
 * faults than any page holds, repairs apart from false alarms, rescues against their target, an
 * elevator without faults at zero and fully available, faults outside the period left out.
 */
@Timeout(60)
class ElevatorFaultsTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    static final Duration TARGET = Duration.ofMinutes(30);

    @TempDir
    Path dir;

    @Test
    void figuresCoverEveryFaultOfThePeriodNotTheFirstPage() throws Exception {
        try (FaultLog log = FaultLog.open(dir, new SettableClock(T0));
                Connection c = log.journal().database().connect()) {
            int n = 0;
            // 600 door faults: even ones repaired in 20 min (crew after 5), odd ones false alarms cleared in 1.
            for (int i = 0; i < 600; i++) {
                Instant at = T0.plus(Duration.ofMinutes(30L * i));
                boolean repaired = i % 2 == 0;
                insert(
                        c,
                        "f-" + ++n,
                        "elevator-1-1",
                        "door-open-while-running",
                        at,
                        repaired ? at.plus(Duration.ofMinutes(5)) : null,
                        at.plus(Duration.ofMinutes(repaired ? 20 : 1)),
                        repaired ? "repaired" : "false_alarm",
                        null,
                        false);
            }
            // Three rescues: two reached within the target, one after it.
            Instant r = T0.plus(Duration.ofDays(20));
            insert(
                    c,
                    "f-" + ++n,
                    "elevator-1-1",
                    FaultTypes.TRAPPED,
                    r,
                    r.plus(Duration.ofMinutes(10)),
                    r.plus(Duration.ofMinutes(15)),
                    "repaired",
                    TARGET,
                    false);
            insert(
                    c,
                    "f-" + ++n,
                    "elevator-1-1",
                    FaultTypes.TRAPPED,
                    r.plusSeconds(7200),
                    r.plusSeconds(7200).plus(TARGET),
                    r.plusSeconds(7200).plus(Duration.ofMinutes(35)),
                    "repaired",
                    TARGET,
                    false);
            insert(
                    c,
                    "f-" + ++n,
                    "elevator-1-1",
                    FaultTypes.TRAPPED,
                    r.plusSeconds(14400),
                    r.plusSeconds(14400).plus(Duration.ofMinutes(40)),
                    r.plusSeconds(14400).plus(Duration.ofMinutes(45)),
                    "repaired",
                    TARGET,
                    true);
            // Outside the period: not counted.
            insert(c, "f-" + ++n, "elevator-1-1", "overspeed", T0.minusSeconds(60), null, null, null, null, false);
            Instant to = T0.plus(Duration.ofDays(31));

            List<ElevatorFaults> all = ElevatorFaults.of(c, List.of("elevator-1-1", "elevator-3-1"), T0, to);

            ElevatorFaults busy = all.get(0);
            assertThat(busy.elevator()).isEqualTo("elevator-1-1");
            assertThat(busy.faults())
                    .as("more than the 500 the page used to fetch")
                    .isEqualTo(603);
            assertThat(busy.repaired()).isEqualTo(303);
            // Repairs only: 300 of 20 min, and the rescues' 15, 35 and 45 min.
            Duration expected = Duration.ofMinutes(20 * 300 + 15 + 35 + 45).dividedBy(303);
            assertThat(busy.meanToRepair()).isCloseTo(expected, Duration.ofMillis(1));
            Duration arrive = Duration.ofMinutes(5 * 300 + 10 + 30 + 40).dividedBy(303);
            assertThat(busy.meanToArrive()).isCloseTo(arrive, Duration.ofMillis(1));
            assertThat(busy.rescues()).isEqualTo(3);
            assertThat(busy.rescuesInTime())
                    .as("10 and exactly 30 min in time, 40 min late")
                    .isEqualTo(2);
            assertThat(busy.availability()).isEqualTo(FaultQueries.availability(c, "elevator-1-1", T0, to));
            assertThat(busy.availability()).isLessThan(1.0);

            ElevatorFaults quiet = all.get(1);
            assertThat(quiet).isEqualTo(new ElevatorFaults("elevator-3-1", 0, 0, null, null, 0, 0, 1.0));
            assertThat(quiet.json()).containsEntry("meanToRepairMs", null).containsEntry("availability", 1.0);

            assertThatThrownBy(() -> ElevatorFaults.of(c, List.of("elevator-1-1"), to, T0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void insert(
            Connection c,
            String id,
            String elevator,
            String type,
            Instant raised,
            Instant arrived,
            Instant cleared,
            String outcome,
            Duration target,
            boolean overdue)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO faults(id, device, type, severity, state,"
                + " elevator, raised_us, raised_month, raised_seq, arrived_us, cleared_us, closed_us, outcome,"
                + " steps, rescue_target_ms, overdue) VALUES (?, ?, ?, 'major', ?, ?, ?, ?, 1, ?, ?, ?, ?, 1, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, elevator);
            ps.setString(3, type);
            ps.setString(4, cleared == null ? "open" : "closed");
            ps.setString(5, elevator);
            ps.setLong(6, Micros.of(raised));
            ps.setString(7, raised.toString().substring(0, 7));
            ps.setObject(8, arrived == null ? null : Micros.of(arrived));
            ps.setObject(9, cleared == null ? null : Micros.of(cleared));
            ps.setObject(10, cleared == null ? null : Micros.of(cleared));
            ps.setString(11, outcome);
            ps.setObject(12, target == null ? null : target.toMillis());
            ps.setInt(13, overdue ? 1 : 0);
            ps.executeUpdate();
        }
    }
}
