package io.courtyard.usage;

import io.courtyard.config.GatewayConfig;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.courtyard.store.Database;
import io.netty.handler.codec.http.FullHttpResponse;
import java.sql.Connection;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/usage?month=YYYY-MM[&elevator=ID]}: each elevator's month and the traffic per device. */
public final class UsageApi {
    private final GatewayConfig config;
    private final Database db;

    public UsageApi(GatewayConfig config, Database db) {
        this.config = config;
        this.db = db;
    }

    public FullHttpResponse handle(OperatorRequest r) throws Exception {
        YearMonth month = YearMonth.parse(r.param("month").orElseThrow(() -> new IllegalArgumentException("month")));
        try (Connection c = db.connect()) {
            return Responses.json(report(c, config, month, r.param("elevator").orElse(null)));
        }
    }

    /** The month report the API and {@code courtyard usage} print. */
    public static Map<String, Object> report(Connection c, GatewayConfig config, YearMonth month, String only)
            throws java.sql.SQLException {
        List<Map<String, Object>> elevators = new ArrayList<>();
        for (var e : config.devices().elevators()) {
            if (only != null && !only.equals(e.id())) {
                continue;
            }
            UsageQueries.ElevatorMonth m = UsageQueries.elevatorMonth(
                    c, config.site().id(), config.site().timeZone(), month, e.id());
            UsageQueries.Trips t = UsageQueries.trips(c, month, e.id());
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("elevator", e.id());
            one.put("rides", m.rides());
            one.put("floorsTravelled", m.floorsTravelled());
            one.put("peakHour", m.peakHour());
            one.put("byHourOfDay", m.byHourOfDay());
            one.put("byDay", m.byDay());
            one.put("byFloor", m.byFloor());
            Map<String, Object> households = new LinkedHashMap<>();
            m.byHousehold()
                    .forEach((h, x) -> households.put(
                            h.isEmpty() ? "none" : h,
                            Map.of("rides", x.rides(), "floorsTravelled", x.floorsTravelled())));
            one.put("byHousehold", households);
            one.put(
                    "trips",
                    Map.of(
                            "trips",
                            t.trips(),
                            "floors",
                            t.floors(),
                            "doorCycles",
                            t.doorCycles(),
                            "runningMs",
                            t.runningMs()));
            elevators.add(one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", month.toString());
        out.put("elevators", elevators);
        List<Map<String, Object>> traffic = new ArrayList<>();
        for (UsageQueries.Traffic t : UsageQueries.traffic(c, month)) {
            traffic.add(Map.of("device", t.device(), "grants", t.grants(), "denials", t.denials()));
        }
        out.put("traffic", traffic);
        return out;
    }
}
