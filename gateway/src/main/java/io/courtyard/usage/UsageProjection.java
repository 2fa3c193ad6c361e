package io.courtyard.usage;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.PlateReadDecided;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.journal.event.TripRecorded;
import io.courtyard.store.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The usage tables, kept from the journal by the {@value #SINK} cursor: rides per elevator and hour,
 * per elevator, day and household, per floor and day; the monitors' trips, door cycles and running
 * time per elevator and day; decisions (card and plate) per device and day; issued bills.
 * A batch is summed in memory first and written as one upsert per key, so a projection of a million
 * rides writes a few thousand rows.
 */
public final class UsageProjection implements JournalProjector.Projection {
    /** The journal cursor of the projection; renaming it would count every ride again. */
    public static final String SINK = "usage";

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    /** The events that change usage; the rest of the journal is passed over undecoded. */
    private static final Set<EventType> READS = Collections.unmodifiableSet(EnumSet.of(
            EventType.RIDE_RECORDED,
            EventType.ACCESS_DECIDED,
            EventType.PLATE_READ,
            EventType.TRIP_RECORDED,
            EventType.BILL_ISSUED));

    private final ZoneId zone;
    private final Statements sql = new Statements();

    public UsageProjection(ZoneId zone) {
        this.zone = zone;
    }

    /** A ride to floor n travels n − 1 floors from the lobby; rides to the lobby or below travel none. */
    public static int floorsTravelled(int toFloor) {
        return Math.max(0, toFloor - 1);
    }

    @Override
    public Set<EventType> reads() {
        return READS;
    }

    private record Key(String a, String b, String c) {}

    @Override
    public void apply(Connection tx, List<JournalEvent> batch) throws SQLException {
        Map<Key, long[]> hourly = new HashMap<>();
        Map<Key, long[]> daily = new HashMap<>();
        Map<Key, long[]> floors = new HashMap<>();
        Map<Key, long[]> traffic = new HashMap<>();
        Map<Key, long[]> trips = new HashMap<>();
        for (JournalEvent je : batch) {
            switch (je.event().eventType()) {
                case RIDE_RECORDED -> {
                    RideRecorded r = (RideRecorded) je.event();
                    LocalDateTime t = LocalDateTime.ofInstant(je.ts(), zone);
                    int f = floorsTravelled(r.toFloor());
                    add(hourly, new Key(r.elevator(), HOUR.format(t), ""), f);
                    String day = DAY.format(t);
                    add(daily, new Key(r.elevator(), day, r.household() == null ? "" : r.household()), f);
                    add(floors, new Key(r.elevator(), day, Integer.toString(r.toFloor())), 0);
                }
                case ACCESS_DECIDED -> {
                    AccessDecided d = (AccessDecided) je.event();
                    String what = d.decision() == AccessDecided.Decision.GRANT ? "grant" : "deny";
                    add(traffic, new Key(je.deviceId(), DAY.format(LocalDateTime.ofInstant(je.ts(), zone)), what), 0);
                }
                case PLATE_READ -> {
                    PlateReadDecided d = (PlateReadDecided) je.event();
                    String what = d.decision() == AccessDecided.Decision.GRANT ? "grant" : "deny";
                    add(traffic, new Key(je.deviceId(), DAY.format(LocalDateTime.ofInstant(je.ts(), zone)), what), 0);
                }
                case TRIP_RECORDED -> {
                    TripRecorded t = (TripRecorded) je.event();
                    long[] v = trips.computeIfAbsent(
                            new Key(t.elevator(), DAY.format(LocalDateTime.ofInstant(je.ts(), zone)), ""),
                            k -> new long[4]);
                    v[0]++;
                    v[1] += t.floors();
                    v[2] += t.doorCycles();
                    v[3] += t.durationMs();
                }
                case BILL_ISSUED -> bill(tx, je);
                default -> {
                    // Not usage: faults, alarms and device telemetry have projections of their own.
                }
            }
        }
        upsert(
                tx,
                "usage_rides_hourly(elevator, hour, rides, floors) VALUES (?, ?, ?, ?)",
                "elevator, hour",
                true,
                hourly,
                false);
        upsert(
                tx,
                "usage_rides_daily(elevator, day, household, rides, floors) VALUES (?, ?, ?, ?, ?)",
                "elevator, day, household",
                true,
                daily,
                true);
        upsert(
                tx,
                "usage_floor_daily(elevator, day, floor, rides) VALUES (?, ?, ?, ?)",
                "elevator, day, floor",
                false,
                floors,
                true);
        upsert(
                tx,
                "usage_traffic_daily(device, day, what, count) VALUES (?, ?, ?, ?)",
                "device, day, what",
                false,
                traffic,
                true);
        trips(tx, trips);
    }

    private void trips(Connection tx, Map<Key, long[]> trips) throws SQLException {
        if (trips.isEmpty()) {
            return;
        }
        PreparedStatement ps = sql.on(
                tx,
                "INSERT INTO usage_trips_daily(elevator, day, trips, floors,"
                        + " door_cycles, running_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(elevator, day) DO UPDATE SET"
                        + " trips = trips + excluded.trips, floors = floors + excluded.floors,"
                        + " door_cycles = door_cycles + excluded.door_cycles, running_ms = running_ms + excluded.running_ms");
        for (Map.Entry<Key, long[]> e : trips.entrySet()) {
            ps.setString(1, e.getKey().a());
            ps.setString(2, e.getKey().b());
            for (int i = 0; i < 4; i++) {
                ps.setLong(3 + i, e.getValue()[i]);
            }
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private static void add(Map<Key, long[]> m, Key k, int floors) {
        long[] v = m.computeIfAbsent(k, x -> new long[2]);
        v[0]++;
        v[1] += floors;
    }

    private void upsert(
            Connection tx, String insert, String conflict, boolean withFloors, Map<Key, long[]> rows, boolean three)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String count = insert.contains("count") ? "count" : "rides";
        String sql = "INSERT INTO " + insert + " ON CONFLICT(" + conflict + ") DO UPDATE SET " + count + " = " + count
                + " + excluded." + count + (withFloors ? ", floors = floors + excluded.floors" : "");
        PreparedStatement ps = this.sql.on(tx, sql);
        for (Map.Entry<Key, long[]> e : rows.entrySet()) {
            int i = 1;
            ps.setString(i++, e.getKey().a());
            ps.setString(i++, e.getKey().b());
            if (three) {
                ps.setString(i++, e.getKey().c());
            }
            ps.setLong(i++, e.getValue()[0]);
            if (withFloors) {
                ps.setLong(i, e.getValue()[1]);
            }
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private void bill(Connection tx, JournalEvent je) throws SQLException {
        BillIssued b = (BillIssued) je.event();
        PreparedStatement ps = sql.on(
                tx,
                "INSERT OR IGNORE INTO bill_statements(month, elevator, seq, issued_us, hash, body) VALUES (?, ?, ?, ?, ?, ?)");
        ps.setString(1, b.month());
        ps.setString(2, b.elevator());
        ps.setLong(3, je.seq());
        ps.setLong(4, micros(je.receivedAt()));
        ps.setString(5, b.hash() == null ? "" : b.hash());
        ps.setString(6, je.body());
        ps.executeUpdate();
    }

    static long micros(Instant t) {
        return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
    }
}
