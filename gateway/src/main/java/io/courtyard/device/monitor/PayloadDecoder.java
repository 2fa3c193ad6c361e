package io.courtyard.device.monitor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes a monitor's JSON payloads into our schema: first renames a firmware's own field names
 * through its field map, then reads each known field strictly (a wrong type or value is a
 * {@link PayloadException} naming the field, the value found and what is allowed). Enumerations are
 * matched ignoring case and with '_' for '-'; numbers may come as JSON numbers or numeric strings.
 */
final class PayloadDecoder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    static final Set<String> RUNNING = Set.of("running", "stopped");
    static final Set<String> DIRECTIONS = Set.of("up", "down", "none");
    static final Set<String> DOORS = Set.of("open", "closed", "opening", "closing");
    static final Set<String> POWER = Set.of("mains", "battery", "none");
    static final Set<String> MODES = Set.of("normal", "inspection", "fire", "out-of-service");
    private static final Set<String> STATUS_FIELDS = Set.of(
            "running",
            "direction",
            "floor",
            "door",
            "passenger",
            "power",
            "mode",
            "speed",
            "runCount",
            "doorCycles",
            "faults");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,16}");
    /** Integers below this are epoch seconds, above it epoch milliseconds (10^11 s is the year 5138). */
    private static final long MILLIS_FROM = 100_000_000_000L;

    private final Map<String, String> fieldMap;

    /** @param fieldMap firmware field name to ours; empty for a firmware that uses our names */
    PayloadDecoder(Map<String, String> fieldMap) {
        this.fieldMap = fieldMap;
    }

    Payload.Status status(byte[] bytes) throws PayloadException {
        ObjectNode o = object(bytes);
        Instant ts = ts(o);
        MonitorStatus s = new MonitorStatus(
                running(o),
                choice(o, "direction", DIRECTIONS),
                integer(o, "floor", -99, 999),
                choice(o, "door", DOORS),
                bool(o, "passenger"),
                choice(o, "power", POWER),
                choice(o, "mode", MODES),
                decimal(o, "speed", 0, 25),
                count(o, "runCount"),
                count(o, "doorCycles"),
                codes(o));
        boolean any = false;
        for (String f : STATUS_FIELDS) {
            any |= present(o, f);
        }
        if (!any) {
            throw new PayloadException("no status field (" + String.join(", ", new java.util.TreeSet<>(STATUS_FIELDS))
                    + ") in the message; does this firmware need a fieldMap?");
        }
        return new Payload.Status(ts, s, extra(o, STATUS_FIELDS));
    }

    Payload.Fault fault(byte[] bytes) throws PayloadException {
        ObjectNode o = object(bytes);
        Instant ts = ts(o);
        if (!present(o, "code")) {
            throw new PayloadException("field code: missing; a fault message needs the monitor's fault code");
        }
        String code = code(o.get("code"), "code");
        String state = present(o, "state") ? choice(o, "state", Set.of("raised", "cleared")) : "raised";
        return new Payload.Fault(ts, code, state.equals("raised"), extra(o, Set.of("code", "state")));
    }

    private ObjectNode object(byte[] bytes) throws PayloadException {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new PayloadException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PayloadException("not JSON: " + e.getMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw new PayloadException("expected a JSON object, found " + (n == null ? "nothing" : n.getNodeType()));
        }
        if (fieldMap.isEmpty()) {
            return o;
        }
        ObjectNode renamed = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String ours = fieldMap.getOrDefault(e.getKey(), e.getKey());
            if (renamed.has(ours)) {
                throw new PayloadException(
                        "field " + ours + ": given twice (as '" + e.getKey() + "' and by another name)");
            }
            renamed.set(ours, e.getValue());
        }
        return renamed;
    }

    private static boolean present(ObjectNode o, String f) {
        JsonNode n = o.get(f);
        return n != null && !n.isNull();
    }

    private static Instant ts(ObjectNode o) throws PayloadException {
        if (!present(o, "ts")) {
            return null;
        }
        JsonNode n = o.get("ts");
        if (n.isIntegralNumber()) {
            long v = n.asLong();
            return v < MILLIS_FROM ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
        }
        if (n.isTextual()) {
            try {
                return OffsetDateTime.parse(n.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new PayloadException("field ts: expected an ISO-8601 time with offset (2026-03-01T08:15:30.120Z) or"
                + " epoch milliseconds, found " + n);
    }

    private static String running(ObjectNode o) throws PayloadException {
        if (present(o, "running") && o.get("running").isBoolean()) {
            return o.get("running").asBoolean() ? "running" : "stopped";
        }
        return choice(o, "running", RUNNING);
    }

    private static String choice(ObjectNode o, String f, Set<String> allowed) throws PayloadException {
        if (!present(o, f)) {
            return null;
        }
        JsonNode n = o.get(f);
        String v = n.isTextual() ? n.asText().strip().toLowerCase(Locale.ROOT).replace('_', '-') : null;
        if (v == null || !allowed.contains(v)) {
            throw new PayloadException(
                    "field " + f + ": expected one of " + new java.util.TreeSet<>(allowed) + ", found " + n);
        }
        return v;
    }

    private static Boolean bool(ObjectNode o, String f) throws PayloadException {
        if (!present(o, f)) {
            return null;
        }
        JsonNode n = o.get(f);
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber() && (n.asLong() == 0 || n.asLong() == 1)) {
            return n.asLong() == 1;
        }
        throw new PayloadException("field " + f + ": expected true or false (or 1 or 0), found " + n);
    }

    private static Integer integer(ObjectNode o, String f, int min, int max) throws PayloadException {
        Double d = number(o, f);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || d < min || d > max) {
            throw new PayloadException(
                    "field " + f + ": expected an integer from " + min + " to " + max + ", found " + o.get(f));
        }
        return d.intValue();
    }

    private static Long count(ObjectNode o, String f) throws PayloadException {
        Double d = number(o, f);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || d < 0 || d > 9.0e15) {
            throw new PayloadException("field " + f + ": expected a whole number >= 0, found " + o.get(f));
        }
        return d.longValue();
    }

    private static Double decimal(ObjectNode o, String f, double min, double max) throws PayloadException {
        Double d = number(o, f);
        if (d != null && (d < min || d > max)) {
            throw new PayloadException(
                    "field " + f + ": expected a number from " + min + " to " + max + ", found " + o.get(f));
        }
        return d;
    }

    private static Double number(ObjectNode o, String f) throws PayloadException {
        if (!present(o, f)) {
            return null;
        }
        JsonNode n = o.get(f);
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                double d = Double.parseDouble(n.asText().strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new PayloadException("field " + f + ": expected a number, found " + n);
    }

    private static List<String> codes(ObjectNode o) throws PayloadException {
        if (!present(o, "faults")) {
            return null;
        }
        JsonNode n = o.get("faults");
        if (!n.isArray()) {
            throw new PayloadException("field faults: expected a list of the active fault codes, found " + n);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : n) {
            String code = code(c, "faults");
            if (!out.contains(code)) {
                out.add(code);
            }
        }
        return List.copyOf(out);
    }

    private static String code(JsonNode n, String f) throws PayloadException {
        String v = n.isIntegralNumber()
                ? Long.toString(n.asLong())
                : n.isTextual() ? n.asText().strip() : null;
        if (v == null || !CODE.matcher(v).matches()) {
            throw new PayloadException("field " + f + ": expected a fault code (a number, or 1-16 letters, digits,"
                    + " '.', '-', '_'), found " + n);
        }
        return v;
    }

    private static ObjectNode extra(ObjectNode o, Set<String> known) {
        ObjectNode out = JSON.createObjectNode();
        o.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey()) && !e.getKey().equals("ts")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
