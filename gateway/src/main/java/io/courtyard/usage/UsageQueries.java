package io.courtyard.usage;

import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.RideRecorded;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the usage tables: a month per elevator, per household, per floor, per hour of day, per device. */
public final class UsageQueries {
    private UsageQueries() {}

    /** Rides and floors travelled of one household in a month. */
    public record Rides(long rides, long floorsTravelled) {
        Rides plus(Rides o) {
            return new Rides(rides + o.rides, floorsTravelled + o.floorsTravelled);
        }
    }

    /**
     * One elevator's month.
     *
     * @param byHousehold by household id; {@code ""} holds rides of no household
     * @param byHourOfDay rides per hour of day (0–23), summed over the month
     * @param byDay rides per day of the month
     * @param byFloor rides per destination floor
     */
    public record ElevatorMonth(
            String elevator,
            long rides,
            long floorsTravelled,
            Map<String, Rides> byHousehold,
            Map<Integer, Long> byHourOfDay,
            Map<String, Long> byDay,
            Map<Integer, Long> byFloor) {

        /** The hour of day with the most rides (the earliest of equals), or -1 without rides. */
        public int peakHour() {
            int best = -1;
            long max = 0;
            for (Map.Entry<Integer, Long> e : byHourOfDay.entrySet()) {
                if (e.getValue() > max) {
                    max = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }
    }

    /** What the monitor saw of an elevator in a month: trips, floors, door cycles, running time. */
    public record Trips(long trips, long floors, long doorCycles, long runningMs) {}

    public static Trips trips(Connection c, YearMonth month, String elevator) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(trips), 0), COALESCE(SUM(floors), 0),"
                + " COALESCE(SUM(door_cycles), 0), COALESCE(SUM(running_ms), 0) FROM usage_trips_daily"
                + " WHERE elevator = ? AND day >= ? AND day < ?")) {
            ps.setString(1, elevator);
            ps.setString(2, month.atDay(1).toString());
            ps.setString(3, month.plusMonths(1).atDay(1).toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Trips(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** Grants and denials of one device in a month. */
    public record Traffic(String device, long grants, long denials) {}

    /**
     * The month of {@code elevator} from the tables plus the rides the projection has not reached yet
     * (read from the journal), so a tool beside a stopped or lagging gateway counts every ride once.
     */
    public static ElevatorMonth elevatorMonth(
            Connection c, String siteId, ZoneId zone, YearMonth month, String elevator) throws SQLException {
        ElevatorMonth m = elevatorMonth(c, month, elevator);
        Map<String, Rides> byHousehold = new TreeMap<>(m.byHousehold());
        Map<Integer, Long> byHour = new TreeMap<>(m.byHourOfDay());
        Map<String, Long> byDay = new TreeMap<>(m.byDay());
        Map<Integer, Long> byFloor = new TreeMap<>(m.byFloor());
        long[] sums = {m.rides(), m.floorsTravelled()};
        JournalReader.unacknowledged(c, siteId, UsageProjection.SINK, je -> {
            if (je.event() instanceof RideRecorded r && r.elevator().equals(elevator)) {
                LocalDateTime t = LocalDateTime.ofInstant(je.ts(), zone);
                if (YearMonth.from(t).equals(month)) {
                    int f = UsageProjection.floorsTravelled(r.toFloor());
                    byHousehold.merge(r.household() == null ? "" : r.household(), new Rides(1, f), Rides::plus);
                    byHour.merge(t.getHour(), 1L, Long::sum);
                    byDay.merge(t.toLocalDate().toString(), 1L, Long::sum);
                    byFloor.merge(r.toFloor(), 1L, Long::sum);
                    sums[0]++;
                    sums[1] += f;
                }
            }
        });
        return new ElevatorMonth(elevator, sums[0], sums[1], byHousehold, byHour, byDay, byFloor);
    }

    /** The month of {@code elevator} as the tables hold it; households without rides are absent. */
    public static ElevatorMonth elevatorMonth(Connection c, YearMonth month, String elevator) throws SQLException {
        String from = month.atDay(1).toString();
        String to = month.plusMonths(1).atDay(1).toString();
        Map<String, Rides> byHousehold = new TreeMap<>();
        long rides = 0;
        long floors = 0;
        Map<String, Long> byDay = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT household, day, rides, floors FROM usage_rides_daily"
                + " WHERE elevator = ? AND day >= ? AND day < ?")) {
            ps.setString(1, elevator);
            ps.setString(2, from);
            ps.setString(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long r = rs.getLong(3);
                    long f = rs.getLong(4);
                    byHousehold.merge(rs.getString(1), new Rides(r, f), Rides::plus);
                    byDay.merge(rs.getString(2), r, Long::sum);
                    rides += r;
                    floors += f;
                }
            }
        }
        Map<Integer, Long> byHour = sums(
                c,
                "SELECT CAST(substr(hour, 12, 2) AS INTEGER), SUM(rides)"
                        + " FROM usage_rides_hourly WHERE elevator = ? AND hour >= ? AND hour < ? GROUP BY 1",
                elevator,
                from,
                to);
        Map<Integer, Long> byFloor = sums(
                c,
                "SELECT floor, SUM(rides) FROM usage_floor_daily"
                        + " WHERE elevator = ? AND day >= ? AND day < ? GROUP BY floor",
                elevator,
                from,
                to);
        return new ElevatorMonth(elevator, rides, floors, byHousehold, byHour, byDay, byFloor);
    }

    /** Grants and denials per device in {@code month}, by device id. */
    public static List<Traffic> traffic(Connection c, YearMonth month) throws SQLException {
        return traffic(c, month.atDay(1), month.plusMonths(1).atDay(1));
    }

    /** Grants and denials per device on the days [from, to) of the site's calendar, by device id. */
    public static List<Traffic> traffic(Connection c, LocalDate from, LocalDate to) throws SQLException {
        Map<String, long[]> m = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT device, what, SUM(count) FROM usage_traffic_daily"
                + " WHERE day >= ? AND day < ? GROUP BY device, what ORDER BY device")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = m.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    v[rs.getString(2).equals("grant") ? 0 : 1] += rs.getLong(3);
                }
            }
        }
        List<Traffic> out = new ArrayList<>();
        m.forEach((d, v) -> out.add(new Traffic(d, v[0], v[1])));
        return out;
    }

    /** One elevator's rides on one day, per household, for the daily summary. */
    public static Map<String, Rides> day(Connection c, String elevator, LocalDate day) throws SQLException {
        Map<String, Rides> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT household, rides, floors FROM usage_rides_daily WHERE elevator = ? AND day = ?")) {
            ps.setString(1, elevator);
            ps.setString(2, day.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Rides(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** An (integer key, sum) query over one elevator and a range, as an ordered map. */
    private static Map<Integer, Long> sums(Connection c, String sql, String elevator, String from, String to)
            throws SQLException {
        Map<Integer, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, elevator);
            ps.setString(2, from);
            ps.setString(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
