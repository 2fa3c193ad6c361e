package io.courtyard.access;

import java.util.List;

/**
 * Writes the flat JSON objects of access events without a mapper: fields in a fixed order,
 * nulls left out, strings escaped per RFC 8259. Cheap enough for every decision.
 */
final class JsonBody {
    private final StringBuilder sb = new StringBuilder(256).append('{');
    private boolean first = true;

    JsonBody field(String name, String value) {
        if (value != null) {
            name(name);
            quote(sb, value);
        }
        return this;
    }

    JsonBody field(String name, long value) {
        name(name);
        sb.append(value);
        return this;
    }

    JsonBody ints(String name, List<Integer> values) {
        name(name);
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(values.get(i));
        }
        sb.append(']');
        return this;
    }

    JsonBody strings(String name, List<String> values) {
        name(name);
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** A nested object written by another {@link JsonBody}. */
    JsonBody object(String name, JsonBody inner) {
        if (inner != null) {
            name(name);
            sb.append(inner);
        }
        return this;
    }

    private void name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quote(sb, name);
        sb.append(':');
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
