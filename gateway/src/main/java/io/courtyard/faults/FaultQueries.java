package io.courtyard.faults;

import io.courtyard.journal.event.FaultLifecycle.Severity;
import io.courtyard.journal.event.FaultLifecycle.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the fault log: one fault and its changes, filtered pages newest first, the mean times to
 * acknowledge, arrive and repair, counts per device and month, and an elevator's availability.
 */
public final class FaultQueries {
    private FaultQueries() {}

    /**
     * What to list; null members do not filter. {@code from} and {@code to} bound the raise time.
     *
     * @param unclosed only faults not closed yet (the crew's "open" list)
     */
    public record Filter(
            String device, String type, Severity severity, State state, Instant from, Instant to, boolean unclosed) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null, false);
    }

    /** One page, newest first; {@code more} when another page follows. */
    public record Page(List<Fault> faults, int page, int size, boolean more) {}

    /** One lifecycle change as {@code fault_changes} holds it. */
    public record ChangeRow(int step, String change, Instant at, long seq, String by, String note) {}

    public static Fault get(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Fault.COLUMNS + " FROM faults WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Fault.read(rs) : null;
            }
        }
    }

    public static List<ChangeRow> changes(Connection c, String id) throws SQLException {
        List<ChangeRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT step, change, at_us, seq, by, note FROM fault_changes WHERE fault = ? ORDER BY step")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChangeRow(
                            rs.getInt(1),
                            rs.getString(2),
                            Micros.instant(rs.getLong(3)),
                            rs.getLong(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** A page of faults matching {@code f}, newest raise first; {@code page} from 0, {@code size} 1..1000. */
    public static Page list(Connection c, Filter f, int page, int size) throws SQLException {
        if (page < 0 || size < 1 || size > 1000) {
            throw new IllegalArgumentException("page from 0, size from 1 to 1000");
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        add(where, args, "device = ?", f.device());
        add(where, args, "type = ?", f.type());
        add(
                where,
                args,
                "severity = ?",
                f.severity() == null ? null : f.severity().name().toLowerCase(Locale.ROOT));
        add(
                where,
                args,
                "state = ?",
                f.state() == null ? null : f.state().name().toLowerCase(Locale.ROOT));
        add(where, args, "raised_us >= ?", f.from() == null ? null : Micros.of(f.from()));
        add(where, args, "raised_us < ?", f.to() == null ? null : Micros.of(f.to()));
        if (f.unclosed()) {
            where.append(" AND state <> 'closed'");
        }
        List<Fault> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Fault.COLUMNS + " FROM faults" + where
                + " ORDER BY raised_us DESC, id DESC LIMIT ? OFFSET ?")) {
            int i = 1;
            for (Object a : args) {
                ps.setObject(i++, a);
            }
            ps.setInt(i++, size + 1);
            ps.setLong(i, (long) page * size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Fault.read(rs));
                }
            }
        }
        boolean more = out.size() > size;
        return new Page(more ? out.subList(0, size) : out, page, size, more);
    }

    private static void add(StringBuilder where, List<Object> args, String clause, Object value) {
        if (value != null) {
            where.append(" AND ").append(clause);
            args.add(value);
        }
    }

    /**
     * The crew's figures over faults raised in [from, to): how many, how they ended, the mean times
     * from raise to acknowledgement (MTTA), to arrival and to clearing (MTTR, repairs only: false
     * alarms and self-released passengers are counted apart), and the transients recorded.
     */
    public record Stats(
            long faults,
            long open,
            long repaired,
            long falseAlarms,
            long selfReleased,
            long overdueRescues,
            long transients,
            Duration meanToAcknowledge,
            Duration meanToArrive,
            Duration meanToRepair) {}

    /**
     * Whole hours inside the period are summed from {@code fault_stats_hourly}, which the projection
     * keeps; only the faults raised in the partial hours at its two ends are read one by one.
     */
    public static Stats stats(Connection c, Instant from, Instant to) throws SQLException {
        long f = Micros.of(from);
        long t = Micros.of(to);
        long firstHour = Math.floorDiv(f, FaultStats.HOUR_US) + (Math.floorMod(f, FaultStats.HOUR_US) == 0 ? 0 : 1);
        long endHour = Math.floorDiv(t, FaultStats.HOUR_US);
        long[] sum = new long[12];
        if (firstHour < endHour) {
            add(c, HOURS, firstHour, endHour, sum);
            add(c, ROWS, f, firstHour * FaultStats.HOUR_US, sum);
            add(c, ROWS, endHour * FaultStats.HOUR_US, t, sum);
        } else {
            add(c, ROWS, f, t, sum);
        }
        return stats(c, f, t, sum);
    }

    /** The same figures read fault by fault, as before the hourly table: what it must always agree with. */
    static Stats statsOfRows(Connection c, Instant from, Instant to) throws SQLException {
        long[] sum = new long[12];
        add(c, ROWS, Micros.of(from), Micros.of(to), sum);
        return stats(c, Micros.of(from), Micros.of(to), sum);
    }

    static final String REPAIR = "outcome IS NULL OR outcome IN ('repaired', 'recovered')";

    /** One fault's figures summed, in {@link FaultStats#COLUMNS} order. */
    private static final String ROWS =
            "SELECT COUNT(*), SUM(state <> 'closed'), SUM(outcome IN ('repaired', 'recovered')),"
                    + " SUM(outcome = 'false_alarm'), SUM(outcome = 'self_released'), SUM(overdue <> 0),"
                    + " COUNT(ack_us), SUM(ack_us - raised_us), COUNT(arrived_us), SUM(arrived_us - raised_us),"
                    + " COUNT(CASE WHEN " + REPAIR + " THEN cleared_us END),"
                    + " SUM(CASE WHEN " + REPAIR + " THEN cleared_us - raised_us END)"
                    + " FROM faults WHERE raised_us >= ? AND raised_us < ?";

    private static final String HOURS = "SELECT SUM(" + FaultStats.COLUMNS.replace(", ", "), SUM(") + ")"
            + " FROM fault_stats_hourly WHERE hour >= ? AND hour < ?";

    private static void add(Connection c, String sql, long from, long to, long[] sum) throws SQLException {
        if (from >= to) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += rs.getLong(i + 1); // SUM of no row is NULL, read as 0
                }
            }
        }
    }

    private static Stats stats(Connection c, long f, long t, long[] sum) throws SQLException {
        long transients;
        try (PreparedStatement tr =
                c.prepareStatement("SELECT COUNT(*) FROM fault_transients WHERE at_us >= ? AND at_us < ?")) {
            tr.setLong(1, f);
            tr.setLong(2, t);
            try (ResultSet rs = tr.executeQuery()) {
                transients = rs.next() ? rs.getLong(1) : 0;
            }
        }
        return new Stats(
                sum[0],
                sum[1],
                sum[2],
                sum[3],
                sum[4],
                sum[5],
                transients,
                mean(sum[7], sum[6]),
                mean(sum[9], sum[8]),
                mean(sum[11], sum[10]));
    }

    static Duration mean(long sumUs, long n) {
        return n == 0 ? null : Duration.ofNanos(Math.round(sumUs / (double) n * 1000));
    }

    /** Faults raised per device and month (site time zone), in [fromMonth, toMonth] ({@code YYYY-MM}). */
    public record DeviceMonth(String device, String month, long faults) {}

    public static List<DeviceMonth> countsByDeviceMonth(Connection c, String fromMonth, String toMonth)
            throws SQLException {
        List<DeviceMonth> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT device, raised_month, COUNT(*) FROM faults"
                + " WHERE raised_month >= ? AND raised_month <= ? GROUP BY raised_month, device"
                + " ORDER BY device, raised_month")) {
            ps.setString(1, fromMonth);
            ps.setString(2, toMonth);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceMonth(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /**
     * The share of [from, to) the elevator was in service: not inside a critical or major fault of
     * the elevator or one of its devices, nor in a service mode (inspection, maintenance), each from
     * raise to clearing, or to {@code to} while active. Overlapping periods count once.
     */
    public static double availability(Connection c, String elevator, Instant from, Instant to) throws SQLException {
        long f = Micros.of(from);
        long t = Micros.of(to);
        if (t <= f) {
            throw new IllegalArgumentException("empty period");
        }
        long down = 0;
        long reach = f;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT raised_us, COALESCE(cleared_us, closed_us, ?) FROM faults"
                        + " WHERE elevator = ? AND (severity IN ('critical', 'major') OR type LIKE 'service-%') AND raised_us < ?"
                        + " AND COALESCE(cleared_us, closed_us, ?) > ? ORDER BY raised_us")) {
            ps.setLong(1, t);
            ps.setString(2, elevator);
            ps.setLong(3, t);
            ps.setLong(4, t);
            ps.setLong(5, f);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = Math.max(rs.getLong(1), reach);
                    long end = Math.min(rs.getLong(2), t);
                    if (end > start) {
                        down += end - start;
                        reach = end;
                    }
                }
            }
        }
        return 1.0 - (double) down / (t - f);
    }

    /** Rescues past their target with no crew and no overdue alarm yet. */
    static List<Fault> overdueRescues(Connection c, Instant now) throws SQLException {
        List<Fault> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Fault.COLUMNS + " FROM faults"
                + " WHERE state IN ('open', 'acknowledged') AND rescue_target_ms IS NOT NULL AND overdue = 0"
                + " AND arrived_us IS NULL AND raised_us + rescue_target_ms * 1000 <= ?")) {
            ps.setLong(1, Micros.of(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Fault.read(rs));
                }
            }
        }
        return out;
    }
}
