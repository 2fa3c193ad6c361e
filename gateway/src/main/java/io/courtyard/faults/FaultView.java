package io.courtyard.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fault as the API and the CLI show it: its row, its durations, and for a trapped passenger the
 * rescue clock against the box's own clock (so it reads the same with the uplink down).
 */
public final class FaultView {
    private FaultView() {}

    public static Map<String, Object> of(Fault f, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("device", f.device());
        m.put("type", f.type());
        m.put("severity", lower(f.severity()));
        m.put("state", lower(f.state()));
        put(m, "elevator", f.elevator());
        m.put("raisedAt", f.raisedAt().toString());
        put(m, "acknowledgedAt", f.ackAt());
        put(m, "acknowledgedBy", f.ackBy());
        put(m, "acknowledgeNote", f.ackNote());
        put(m, "arrivedAt", f.arrivedAt());
        put(m, "clearedAt", f.clearedAt());
        put(m, "closedAt", f.closedAt());
        put(m, "outcome", f.outcome() == null ? null : lower(f.outcome()));
        put(m, "repairNote", f.repairNote());
        m.put("flaps", f.flaps());
        put(m, "ackAfterMs", f.ackAt() == null ? null : Fault.ms(f.raisedAt(), f.ackAt()));
        put(m, "arriveAfterMs", f.arrivedAt() == null ? null : Fault.ms(f.raisedAt(), f.arrivedAt()));
        put(m, "clearAfterMs", f.clearedAt() == null ? null : Fault.ms(f.raisedAt(), f.clearedAt()));
        if (f.rescueTargetMs() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("targetMs", f.rescueTargetMs());
            r.put("deadline", f.rescueDeadline().toString());
            r.put("running", f.rescueRunning());
            Instant end = f.arrivedAt() != null ? f.arrivedAt() : f.active() ? now : f.clearedAt();
            r.put("elapsedMs", Fault.ms(f.raisedAt(), end == null ? now : end));
            if (f.rescueRunning()) {
                r.put("remainingMs", Duration.between(now, f.rescueDeadline()).toMillis());
            }
            r.put("overdue", f.overdue() || f.rescueRunning() && now.isAfter(f.rescueDeadline()));
            m.put("rescue", r);
        }
        return m;
    }

    public static Map<String, Object> change(FaultQueries.ChangeRow c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", c.step());
        m.put("change", c.change().replace('_', '-'));
        m.put("at", c.at().toString());
        m.put("seq", c.seq());
        put(m, "by", c.by());
        put(m, "note", c.note());
        return m;
    }

    /** The stats with durations in milliseconds (absent when nothing was measured). */
    public static Map<String, Object> stats(FaultQueries.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faults", s.faults());
        m.put("unclosed", s.open());
        m.put("repaired", s.repaired());
        m.put("falseAlarms", s.falseAlarms());
        m.put("selfReleased", s.selfReleased());
        m.put("overdueRescues", s.overdueRescues());
        m.put("transients", s.transients());
        put(
                m,
                "meanToAcknowledgeMs",
                s.meanToAcknowledge() == null ? null : s.meanToAcknowledge().toMillis());
        put(
                m,
                "meanToArriveMs",
                s.meanToArrive() == null ? null : s.meanToArrive().toMillis());
        put(
                m,
                "meanToRepairMs",
                s.meanToRepair() == null ? null : s.meanToRepair().toMillis());
        return m;
    }

    /** One line per fault for {@code --format csv}. */
    public static final List<String> CSV_COLUMNS = List.of(
            "id",
            "device",
            "type",
            "severity",
            "state",
            "elevator",
            "raisedAt",
            "acknowledgedAt",
            "acknowledgedBy",
            "arrivedAt",
            "clearedAt",
            "closedAt",
            "outcome",
            "flaps",
            "ackAfterMs",
            "arriveAfterMs",
            "clearAfterMs");

    public static String csvRow(Map<String, Object> view) {
        StringBuilder b = new StringBuilder();
        for (String c : CSV_COLUMNS) {
            if (b.length() > 0) {
                b.append(',');
            }
            Object v = view.get(c);
            b.append(v == null ? "" : csvCell(v.toString()));
        }
        return b.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v instanceof Instant i ? i.toString() : v);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
