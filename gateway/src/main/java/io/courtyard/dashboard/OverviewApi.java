package io.courtyard.dashboard;

import io.courtyard.config.GatewayConfig;
import io.courtyard.device.Devices;
import io.courtyard.faults.FaultQueries;
import io.courtyard.faults.FaultView;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.courtyard.journal.Journal;
import io.courtyard.store.Database;
import io.courtyard.usage.UsageQueries;
import io.netty.handler.codec.http.FullHttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/overview}: what a crew or the committee checks first, in one answer the overview
 * page polls: devices (readers and relay boards, monitors, plate cameras) online and offline by
 * kind, the open faults with their rescue clocks, today's rides and today's gate and barrier traffic
 * (today in the site's time zone), and how far upstream lags behind the journal.
 */
public final class OverviewApi {
    /** The open faults shown; more than this on one compound means the page is not where to look. */
    private static final int OPEN_FAULTS = 200;

    private final GatewayConfig config;
    private final Database db;
    private final Journal journal;
    private final Supplier<List<Devices.Presence>> devices;
    private final Clock clock;

    public OverviewApi(
            GatewayConfig config, Database db, Journal journal, Supplier<List<Devices.Presence>> devices, Clock clock) {
        this.config = config;
        this.db = db;
        this.journal = journal;
        this.devices = devices;
        this.clock = clock;
    }

    public FullHttpResponse handle(OperatorRequest r) throws SQLException {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, config.site().timeZone());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", config.site().id());
        out.put("now", now.toString());
        out.put("today", today.toString());
        out.put(
                "elevators",
                config.devices().elevators().stream().map(e -> e.id()).toList());
        out.put("rescueTargetMinutes", config.faults().rescueTarget().toMinutes());
        out.put("devices", devices());
        try (Connection c = db.connect()) {
            out.put("faults", openFaults(c, now));
            out.put("rides", rides(c, today));
            out.put("traffic", traffic(c, today));
            out.put("journal", journal(c, now));
        }
        return Responses.json(out);
    }

    private Map<String, Object> devices() {
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Devices.Presence p : devices.get()) {
            Map<String, Object> k =
                    byKind.computeIfAbsent(p.kind(), x -> new LinkedHashMap<>(Map.of("online", 0, "offline", 0)));
            k.merge(p.online() ? "online" : "offline", 1, (a, b) -> (Integer) a + (Integer) b);
            list.add(Map.of("device", p.device(), "kind", p.kind(), "online", p.online()));
        }
        return Map.of("byKind", byKind, "list", list);
    }

    private static Map<String, Object> openFaults(Connection c, Instant now) throws SQLException {
        FaultQueries.Filter open = new FaultQueries.Filter(null, null, null, null, null, null, true);
        List<Map<String, Object>> list = new ArrayList<>();
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (String s : List.of("critical", "major", "minor", "info")) {
            bySeverity.put(s, 0);
        }
        FaultQueries.list(c, open, 0, OPEN_FAULTS).faults().forEach(f -> {
            Map<String, Object> v = FaultView.of(f, now);
            bySeverity.merge((String) v.get("severity"), 1, Integer::sum);
            list.add(v);
        });
        return Map.of("bySeverity", bySeverity, "open", list);
    }

    private Map<String, Object> rides(Connection c, LocalDate today) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        long total = 0;
        for (var e : config.devices().elevators()) {
            long n = UsageQueries.day(c, e.id(), today).values().stream()
                    .mapToLong(UsageQueries.Rides::rides)
                    .sum();
            out.put(e.id(), n);
            total += n;
        }
        return Map.of("total", total, "byElevator", out);
    }

    /**
     * Today's grants and denials at every gate and barrier of the configuration, in its order, those
     * without a decision today at zero: a gate missing from the list would look like a quiet one.
     */
    private Map<String, Object> traffic(Connection c, LocalDate today) throws SQLException {
        Map<String, UsageQueries.Traffic> byDevice = new HashMap<>();
        UsageQueries.traffic(c, today, today.plusDays(1)).forEach(t -> byDevice.put(t.device(), t));
        List<Map<String, Object>> list = new ArrayList<>();
        long[] totals = new long[2];
        config.devices().gates().forEach(g -> list.add(traffic("gate", g.id(), g.name(), byDevice, totals)));
        config.devices().barriers().forEach(b -> list.add(traffic("barrier", b.id(), b.name(), byDevice, totals)));
        return Map.of("day", today.toString(), "grants", totals[0], "denials", totals[1], "devices", list);
    }

    private static Map<String, Object> traffic(
            String kind, String id, String name, Map<String, UsageQueries.Traffic> byDevice, long[] totals) {
        UsageQueries.Traffic t = byDevice.getOrDefault(id, new UsageQueries.Traffic(id, 0, 0));
        totals[0] += t.grants();
        totals[1] += t.denials();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("device", id);
        v.put("name", name);
        v.put("kind", kind);
        v.put("grants", t.grants());
        v.put("denials", t.denials());
        return v;
    }

    /** Each sink's position behind the journal's end, and the age of its oldest unacknowledged event. */
    private Map<String, Object> journal(Connection c, Instant now) throws SQLException {
        long last = journal.lastDurableSeq();
        Map<String, Object> sinks = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sink, acked_through FROM sink_cursor");
                PreparedStatement next =
                        c.prepareStatement("SELECT received_us FROM events WHERE seq > ? ORDER BY seq LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long acked = rs.getLong(2);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("behind", Math.max(0, last - acked));
                next.setLong(1, acked);
                try (ResultSet n = next.executeQuery()) {
                    if (n.next()) {
                        s.put("lagSeconds", Math.max(0, now.getEpochSecond() - n.getLong(1) / 1_000_000));
                    } else {
                        s.put("lagSeconds", 0);
                    }
                }
                sinks.put(rs.getString(1), s);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lastSeq", last);
        out.put("queued", journal.queueDepth());
        out.put("sinks", sinks);
        return out;
    }
}
