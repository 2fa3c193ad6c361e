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
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/overview}: what a crew or the committee checks first, in one answer the overview
 * page polls: devices online and offline by kind, the open faults with their rescue clocks, today's
 * rides and the month's gate and barrier traffic, and how far upstream lags behind the journal.
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
            out.put(
                    "traffic",
                    UsageQueries.traffic(c, YearMonth.from(today)).stream()
                            .map(t -> Map.of("device", t.device(), "grants", t.grants(), "denials", t.denials()))
                            .toList());
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
