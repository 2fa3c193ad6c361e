package io.courtyard.faults;

import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.courtyard.journal.event.FaultLifecycle.Outcome;
import io.courtyard.journal.event.FaultLifecycle.Severity;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.store.Database;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fault log on the operator listener, under {@code /api/faults}: list (filtered, paged), one
 * fault with its changes, stats, counts per device and month, availability, each elevator's figures,
 * the fault types' names in English and Chinese; and the operators'
 * changes (POST {@code /api/faults/ID/ack|arrive|clear|close}, POST {@code /api/faults} to raise).
 * A change answers once the projection applied it (up to 5 s; else 202).
 */
public final class FaultsApi {
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(5);

    private final Database db;
    private final FaultActions actions;
    private final Clock clock;
    private final List<String> elevators;
    private final FaultNames names;

    private final ZoneId zone;

    /**
     * @param elevators the site's elevators, in configuration order
     * @param zone the site's time zone: where a month begins and ends
     */
    public FaultsApi(
            Database db, FaultActions actions, List<String> elevators, FaultNames names, ZoneId zone, Clock clock) {
        this.db = db;
        this.zone = zone;
        this.actions = actions;
        this.elevators = List.copyOf(elevators);
        this.names = names;
        this.clock = clock;
    }

    /** Answers {@code /api/faults} and everything under it. */
    public FullHttpResponse handle(OperatorRequest r) throws Exception {
        String rest = r.path().length() > "/api/faults".length() ? r.path().substring("/api/faults/".length()) : "";
        try (Connection c = db.connect()) {
            if (r.method().equals(HttpMethod.GET)) {
                return switch (rest) {
                    case "" -> list(c, r);
                    case "stats" -> Responses.json(FaultView.stats(FaultQueries.stats(
                            c, instant(r, "from", Instant.EPOCH), instant(r, "to", clock.instant()))));
                    case "counts" -> Responses.json(
                            FaultQueries.countsByDeviceMonth(
                                            c,
                                            r.param("from").orElse("0000-00"),
                                            r.param("to").orElse("9999-99"))
                                    .stream()
                                    .map(d -> Map.of("device", d.device(), "month", d.month(), "faults", d.faults()))
                                    .toList());
                    case "availability" -> availability(c, r);
                    case "elevators" -> perElevator(c, r);
                    case "types" -> Responses.json(Map.of("types", names.all()));
                    default -> one(c, rest);
                };
            }
            if (r.method().equals(HttpMethod.POST)) {
                return change(c, r, rest);
            }
            return Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET or POST\n");
        } catch (IllegalArgumentException e) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n");
        } catch (FaultException e) {
            return Responses.text(
                    e.missing() ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.CONFLICT, e.getMessage() + "\n");
        }
    }

    private FullHttpResponse list(Connection c, OperatorRequest r) throws Exception {
        FaultQueries.Filter f = new FaultQueries.Filter(
                r.param("device").orElse(null),
                r.param("type").orElse(null),
                r.param("severity").map(s -> Severity.valueOf(upper(s))).orElse(null),
                r.param("state").map(s -> State.valueOf(upper(s))).orElse(null),
                instant(r, "from", null),
                instant(r, "to", null),
                r.param("open").map(Boolean::parseBoolean).orElse(false));
        int page = Integer.parseInt(r.param("page").orElse("0"));
        int size = Integer.parseInt(r.param("size").orElse("50"));
        FaultQueries.Page p = FaultQueries.list(c, f, page, size);
        Instant now = clock.instant();
        List<Map<String, Object>> faults = new ArrayList<>();
        p.faults().forEach(x -> faults.add(FaultView.of(x, now)));
        if (r.param("format").orElse("json").equals("csv")) {
            StringBuilder csv = new StringBuilder(String.join(",", FaultView.CSV_COLUMNS)).append('\n');
            faults.forEach(v -> csv.append(FaultView.csvRow(v)).append('\n'));
            return Responses.bytes(
                    HttpResponseStatus.OK,
                    "text/csv; charset=utf-8",
                    csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", p.page());
        out.put("size", p.size());
        out.put("more", p.more());
        out.put("faults", faults);
        return Responses.json(out);
    }

    private FullHttpResponse one(Connection c, String id) throws Exception {
        Fault f = FaultQueries.get(c, id);
        if (f == null) {
            throw new FaultException("no fault " + id, true);
        }
        Map<String, Object> out = FaultView.of(f, clock.instant());
        out.put(
                "changes",
                FaultQueries.changes(c, id).stream().map(FaultView::change).toList());
        return Responses.json(out);
    }

    private FullHttpResponse availability(Connection c, OperatorRequest r) throws Exception {
        String elevator = r.param("elevator").orElseThrow(() -> new IllegalArgumentException("elevator: required"));
        Instant to = instant(r, "to", clock.instant());
        Instant from = instant(r, "from", to.minus(Duration.ofDays(30)));
        return Responses.json(Map.of(
                "elevator",
                elevator,
                "from",
                from.toString(),
                "to",
                to.toString(),
                "availability",
                FaultQueries.availability(c, elevator, from, to)));
    }

    /** Every elevator's figures over a month of the site's calendar, or [from, to), by default the 30 days to now. */
    private FullHttpResponse perElevator(Connection c, OperatorRequest r) throws Exception {
        Instant to = instant(r, "to", clock.instant());
        Instant from = instant(r, "from", to.minus(Duration.ofDays(30)));
        if (r.param("month").isPresent()) {
            YearMonth m;
            try {
                m = YearMonth.parse(r.param("month").get());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "month: YYYY-MM, found " + r.param("month").get());
            }
            from = m.atDay(1).atStartOfDay(zone).toInstant();
            to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put(
                "elevators",
                ElevatorFaults.of(c, elevators, from, to).stream()
                        .map(ElevatorFaults::json)
                        .toList());
        return Responses.json(out);
    }

    private FullHttpResponse change(Connection c, OperatorRequest r, String rest) throws Exception {
        String by = r.param("by").orElse(null);
        String note = r.param("note").orElse(null);
        if (rest.isEmpty()) {
            String device = r.param("device").orElseThrow(() -> new IllegalArgumentException("device: required"));
            String type = r.param("type").orElseThrow(() -> new IllegalArgumentException("type: required"));
            var e = actions.raise(c, device, type, by, note).get(10, TimeUnit.SECONDS);
            String id = e instanceof io.courtyard.journal.JournalEvent je ? "f-" + je.seq() : null;
            return applied(c, id, f -> f != null);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "POST /api/faults/ID/ack|arrive|clear|close\n");
        }
        String id = rest.substring(0, slash);
        String action = rest.substring(slash + 1);
        Fault before = FaultQueries.get(c, id);
        int steps = before == null ? 0 : before.steps();
        switch (action) {
            case "ack" -> actions.acknowledge(c, id, by, note).get(10, TimeUnit.SECONDS);
            case "arrive" -> actions.arrive(c, id, by, note).get(10, TimeUnit.SECONDS);
            case "clear" -> actions.clear(c, id, by, note).get(10, TimeUnit.SECONDS);
            case "close" -> actions.close(
                            c,
                            id,
                            by,
                            r.param("outcome")
                                    .map(o -> Outcome.valueOf(upper(o)))
                                    .orElse(null),
                            note)
                    .get(10, TimeUnit.SECONDS);
            default -> {
                return Responses.text(HttpResponseStatus.NOT_FOUND, "actions: ack, arrive, clear, close\n");
            }
        }
        return applied(c, id, f -> f.steps() > steps);
    }

    /** Waits for the projection to apply the change, then answers with the fault. */
    private FullHttpResponse applied(Connection c, String id, java.util.function.Predicate<Fault> done)
            throws Exception {
        long until = System.nanoTime() + APPLIED_WITHIN.toNanos();
        while (System.nanoTime() < until) {
            Fault f = id == null ? null : FaultQueries.get(c, id);
            if (f != null && done.test(f)) {
                return Responses.json(FaultView.of(f, clock.instant()));
            }
            Thread.sleep(20);
        }
        return Responses.bytes(
                HttpResponseStatus.ACCEPTED,
                "application/json",
                ("{\"journaled\":true,\"fault\":\"" + id + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Instant instant(OperatorRequest r, String name, Instant fallback) {
        return r.param(name)
                .map(s -> {
                    try {
                        return Instant.parse(s);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(
                                name + ": an ISO-8601 instant such as 2026-10-01T00:00:00Z, found " + s);
                    }
                })
                .orElse(fallback);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
