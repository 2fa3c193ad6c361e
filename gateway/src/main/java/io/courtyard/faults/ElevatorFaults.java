package io.courtyard.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each elevator's figures over the faults raised in a period, counted by the database over every
 * fault of the period (not a page of them): how many, the mean times to arrive and to repair, the
 * rescues and those the crew reached within the target, and the share of the period in service.
 *
 * @param meanToArrive over the faults a crew arrived at; null when none
 * @param meanToRepair over the faults cleared as repairs (false alarms and self-released passengers
 *     apart, as in {@link FaultQueries#stats}); null when none
 * @param rescues faults with a rescue clock (a trapped passenger)
 * @param rescuesInTime of those, the ones the crew arrived at within the target
 * @param availability {@link FaultQueries#availability} over the same period
 */
public record ElevatorFaults(
        String elevator,
        long faults,
        long repaired,
        Duration meanToArrive,
        Duration meanToRepair,
        long rescues,
        long rescuesInTime,
        double availability) {

    private static final String SQL = "SELECT elevator, COUNT(*),"
            + " COUNT(arrived_us), SUM(arrived_us - raised_us),"
            + " COUNT(CASE WHEN " + FaultQueries.REPAIR + " THEN cleared_us END),"
            + " SUM(CASE WHEN " + FaultQueries.REPAIR + " THEN cleared_us - raised_us END),"
            + " COUNT(rescue_target_ms),"
            + " SUM(rescue_target_ms IS NOT NULL AND overdue = 0 AND arrived_us IS NOT NULL"
            + " AND arrived_us - raised_us <= rescue_target_ms * 1000)"
            + " FROM faults WHERE raised_us >= ? AND raised_us < ? AND elevator IS NOT NULL GROUP BY elevator";

    /** The figures of every elevator in {@code elevators}, in that order; one without faults has zeros. */
    public static List<ElevatorFaults> of(Connection c, List<String> elevators, Instant from, Instant to)
            throws SQLException {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("from must be before to");
        }
        Map<String, long[]> sums = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, Micros.of(from));
            ps.setLong(2, Micros.of(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = new long[7];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = rs.getLong(i + 2); // SUM of no row is NULL, read as 0
                    }
                    sums.put(rs.getString(1), v);
                }
            }
        }
        List<ElevatorFaults> out = new ArrayList<>();
        for (String e : elevators) {
            long[] v = sums.getOrDefault(e, new long[7]);
            out.add(new ElevatorFaults(
                    e,
                    v[0],
                    v[3],
                    FaultQueries.mean(v[2], v[1]),
                    FaultQueries.mean(v[4], v[3]),
                    v[5],
                    v[6],
                    FaultQueries.availability(c, e, from, to)));
        }
        return out;
    }

    /** As the API answers it: durations in milliseconds, null when there is nothing to average. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("elevator", elevator);
        m.put("faults", faults);
        m.put("repaired", repaired);
        m.put("meanToArriveMs", meanToArrive == null ? null : meanToArrive.toMillis());
        m.put("meanToRepairMs", meanToRepair == null ? null : meanToRepair.toMillis());
        m.put("rescues", rescues);
        m.put("rescuesInTime", rescuesInTime);
        m.put("availability", availability);
        return m;
    }
}
