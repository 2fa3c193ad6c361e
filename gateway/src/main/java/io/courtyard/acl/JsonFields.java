package io.courtyard.acl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A strict view of one JSON object: every member must be asked for, so that {@link #finish()}
 * can refuse the ones nobody understood — a misspelt {@code "stauts": "revoked"} must not pass —
 * and every member present is of the type asked for. {@code null} is never a value: an absent
 * member means its documented default, but {@code "status": null} or {@code "validTo": null} is
 * refused rather than read as that default (which would be the permissive one: active, no expiry).
 */
final class JsonFields {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final JsonNode node;
    private final String path;
    /**
     * Reads {@code null} as an absent member, as releases before the strict reading did: only for
     * entries already in the store, which such a release accepted and enforced.
     */
    private final boolean nullIsAbsent;
    /** Members asked for; a handful per object, so a scanned array beats a hash set. */
    private String[] asked = new String[8];

    private int askedCount;

    JsonFields(JsonNode node, String path) {
        this(node, path, false);
    }

    JsonFields(JsonNode node, String path, boolean nullIsAbsent) {
        if (node == null || !node.isObject()) {
            throw new AclFormatException(path, "expected an object, found " + kind(node));
        }
        this.node = node;
        this.path = path;
        this.nullIsAbsent = nullIsAbsent;
    }

    /** A nested object, read by the same rules. */
    JsonFields child(String key) {
        return new JsonFields(get(key), field(key), nullIsAbsent);
    }

    /** A value that is not a member (an element of a map-like object), by the same rules for null. */
    JsonNode value(JsonNode v, String at) {
        if (v != null && v.isNull()) {
            if (nullIsAbsent) {
                return null;
            }
            throw new AclFormatException(at, "null is not a value here; leave it out instead");
        }
        return v;
    }

    String path() {
        return path;
    }

    String field(String key) {
        return path + "." + key;
    }

    private void ask(String key) {
        for (int i = 0; i < askedCount; i++) {
            if (asked[i].equals(key)) {
                return;
            }
        }
        if (askedCount == asked.length) {
            asked = java.util.Arrays.copyOf(asked, askedCount * 2);
        }
        asked[askedCount++] = key;
    }

    private boolean wasAsked(String key) {
        for (int i = 0; i < askedCount; i++) {
            if (asked[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** The member, or null when absent; an explicit {@code null} is refused. */
    JsonNode get(String key) {
        ask(key);
        JsonNode v = node.get(key);
        if (v != null && v.isNull()) {
            if (nullIsAbsent) {
                return null;
            }
            throw new AclFormatException(field(key), "null is not a value here; leave the member out instead");
        }
        return v;
    }

    String text(String key) {
        String s = optText(key);
        if (s == null) {
            throw new AclFormatException(field(key), "missing");
        }
        return s;
    }

    String optText(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AclFormatException(field(key), "expected a string, found " + kind(v));
        }
        return v.textValue();
    }

    String id(String key) {
        String s = text(key);
        if (!isId(s)) {
            throw new AclFormatException(field(key), "an id is 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        return s;
    }

    String optId(String key) {
        return has(key) ? id(key) : null;
    }

    long integer(String key, long min, long max) {
        JsonNode v = get(key);
        if (v == null) {
            throw new AclFormatException(field(key), "missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new AclFormatException(field(key), "expected an integer from " + min + " to " + max + ", found " + v);
        }
        return v.longValue();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new AclFormatException(field(key), "expected true or false, found " + kind(v));
        }
        return v.booleanValue();
    }

    Instant instant(String key) {
        String s = optText(key);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new AclFormatException(
                    field(key), "expected an instant such as 2026-03-01T00:00:00Z, found '" + s + "'");
        }
    }

    List<String> ids(String key) {
        List<String> out = new ArrayList<>();
        JsonNode v = get(key);
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw new AclFormatException(field(key), "expected a list, found " + kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || !isId(e.textValue())) {
                throw new AclFormatException(field(key) + "[" + i + "]", "expected an id, found " + kind(e));
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** The elements of a list member that must be strings, each checked by the caller; empty when absent. */
    List<String> strings(String key, String what) {
        return strings(get(key), field(key), what);
    }

    static List<String> strings(JsonNode v, String path, String what) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw new AclFormatException(path, "expected a list of " + what + ", found " + kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw new AclFormatException(path + "[" + i + "]", "expected " + what + ", found " + kind(e));
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** {@link #ID} without a regex: the load path checks 300,000 ids. */
    static boolean isId(String s) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static List<Integer> floors(JsonNode v, String path) {
        List<Integer> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw new AclFormatException(path, "expected a list of floors, found " + kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < -9 || e.intValue() > 200) {
                throw new AclFormatException(path + "[" + i + "]", "expected a floor from -9 to 200, found " + e);
            }
            out.add(e.intValue());
        }
        return out;
    }

    /** Refuses members nobody asked for. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!wasAsked(k)) {
                throw new AclFormatException(
                        field(k),
                        "unknown member; allowed here: "
                                + String.join(
                                        ", ", java.util.Arrays.asList(asked).subList(0, askedCount)));
            }
        }
    }

    static String kind(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        return switch (n.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case STRING -> "'" + (n.textValue().length() > 40 ? n.textValue().substring(0, 40) + "…" : n.textValue())
                    + "'";
            default -> n.toString();
        };
    }
}
