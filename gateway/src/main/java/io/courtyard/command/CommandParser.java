package io.courtyard.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a verified payload strictly: every member of the type it asked for, each of the type and
 * range it must have, nothing else, and {@code null} nowhere. First the members every command has
 * ({@link #envelope}), so that stale, replayed and out-of-order commands are refused for that before
 * anything of their type is read; then the type's own ({@link #command}).
 */
final class CommandParser {
    /** The common members, read. */
    record Envelope(
            String type,
            String site,
            String nonce,
            long seq,
            Instant issuedAt,
            Instant expiresAt,
            JsonNode payload,
            String digest,
            boolean legacy) {}

    private static final List<String> COMMON = List.of("type", "site", "nonce", "seq", "issuedAt", "expiresAt");
    /** The old emergency topic's payload: no sequence, the mode and the action beside the common members. */
    private static final List<String> LEGACY =
            List.of("type", "site", "nonce", "issuedAt", "expiresAt", "mode", "action");

    private CommandParser() {}

    static Envelope envelope(SignatureCheck.Signed signed, boolean legacy) throws Refusal {
        JsonNode p = signed.payload();
        if (p == null || !p.isObject()) {
            throw malformed("$.payload", "expected an object");
        }
        String type = text(p, "type");
        String site = text(p, "site");
        String nonce = text(p, "nonce");
        if (!Arg.ID.matcher(nonce).matches()) {
            throw malformed("$.payload.nonce", "a nonce is 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        long seq = legacy ? 0 : sequence(p);
        Instant issued = instant(p, "issuedAt");
        Instant expires = instant(p, "expiresAt");
        if (!expires.isAfter(issued) || Duration.between(issued, expires).compareTo(CommandService.MAX_VALIDITY) > 0) {
            throw malformed(
                    "$.payload.expiresAt",
                    "must be after issuedAt and at most " + CommandService.MAX_VALIDITY.toMinutes() + " minutes later");
        }
        if (legacy) {
            if (!"emergency".equals(type)) {
                throw malformed("$.payload.type", "the emergency topic carries emergency commands only");
            }
            unknownMembers(p, LEGACY);
        }
        return new Envelope(type, site, nonce, seq, issued, expires, p, signed.digest(), legacy);
    }

    /** The type's own members, checked; the command a handler receives. */
    static Command command(Envelope e, CommandType type) throws Refusal {
        Map<String, String> args = new HashMap<>();
        for (Arg a : type.args()) {
            JsonNode v = e.payload().get(a.name());
            String at = "$.payload." + a.name();
            if (v == null) {
                if (a.required()) {
                    throw malformed(at, "missing");
                }
                continue;
            }
            String value = value(v, a, at);
            String problem = a.problem(value);
            if (problem != null) {
                throw malformed(at, problem);
            }
            args.put(a.name(), value);
        }
        if (!e.legacy()) {
            List<String> allowed = new ArrayList<>(COMMON);
            type.args().forEach(a -> allowed.add(a.name()));
            unknownMembers(e.payload(), allowed);
        }
        if (type == CommandType.ANTI_PASSBACK_RESET && args.isEmpty()) {
            throw malformed("$.payload", "name a subject, an area, or both");
        }
        String target = type.target() == null ? null : args.get(type.target());
        return new Command(type, e.nonce(), e.seq(), e.issuedAt(), e.expiresAt(), target, args);
    }

    private static String value(JsonNode v, Arg a, String at) throws Refusal {
        if (a.kind() == Arg.Kind.INTEGER) {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw malformed(at, "expected an integer, found " + kind(v));
            }
            return Long.toString(v.longValue());
        }
        if (!v.isTextual()) {
            throw malformed(at, "expected a string, found " + kind(v));
        }
        return v.textValue();
    }

    private static long sequence(JsonNode p) throws Refusal {
        JsonNode v = member(p, "seq");
        // At most 2^53 - 1: platforms in JavaScript count with doubles.
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1 || v.longValue() > (1L << 53) - 1) {
            throw malformed("$.payload.seq", "expected an integer from 1 to 2^53-1, found " + kind(v));
        }
        return v.longValue();
    }

    private static String text(JsonNode p, String name) throws Refusal {
        JsonNode v = member(p, name);
        if (!v.isTextual()) {
            throw malformed("$.payload." + name, "expected a string, found " + kind(v));
        }
        return v.textValue();
    }

    private static Instant instant(JsonNode p, String name) throws Refusal {
        String s = text(p, name);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw malformed("$.payload." + name, "expected an instant such as 2026-03-01T08:00:00Z");
        }
    }

    private static JsonNode member(JsonNode p, String name) throws Refusal {
        JsonNode v = p.get(name);
        if (v == null) {
            throw malformed("$.payload." + name, "missing");
        }
        if (v.isNull()) {
            throw malformed("$.payload." + name, "null is not a value here");
        }
        return v;
    }

    private static void unknownMembers(JsonNode p, List<String> allowed) throws Refusal {
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw malformed(
                        "$.payload." + printable(name), "unknown member; allowed here: " + String.join(", ", allowed));
            }
        }
    }

    static Refusal malformed(String at, String problem) {
        return new Refusal(SignatureCheck.MALFORMED, at + ": " + problem, true);
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case STRING -> "'" + printable(v.textValue()) + "'";
            case NULL -> "null";
            default -> v.toString();
        };
    }

    /**
     * A sender's text as a refusal may quote it: printable ASCII only and short, so that it can
     * neither forge a log line nor fill one.
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 40) + 1);
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? b.append('…').toString() : b.toString();
    }
}
