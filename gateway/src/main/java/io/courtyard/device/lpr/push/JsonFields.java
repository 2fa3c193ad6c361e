package io.courtyard.device.lpr.push;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * Strict reads of a JSON push: each field is asked for by name with the type and range it must have,
 * and a push that has it wrong is refused with the field's full path and what was found.
 */
final class JsonFields {
    /**
     * Pushes nest three or four levels; a deep body is an attack on the parser's stack. Strings are
     * bounded by the listener's body limit already (base64 images are the long ones).
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build());

    private JsonFields() {}

    static JsonNode parse(ByteBuf body) throws MalformedPush {
        if (!body.isReadable()) {
            throw new MalformedPush("body: empty; a JSON object is required");
        }
        try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate())) {
            JsonNode n = JSON.readTree(in);
            if (n == null || !n.isObject()) {
                throw new MalformedPush(
                        "body",
                        "a JSON object",
                        n == null ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            return n;
        } catch (JsonProcessingException e) {
            // The location says where it broke (truncated, bad token); the original message may quote the body.
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new MalformedPush(
                    at == null
                            ? "body: not valid JSON (" + e.getClass().getSimpleName() + ")"
                            : "body: not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        } catch (IOException e) {
            throw new MalformedPush("body: unreadable: " + e.getClass().getSimpleName());
        }
    }

    static JsonNode object(JsonNode parent, String name, String path) throws MalformedPush {
        JsonNode n = parent.get(name);
        if (n == null || !n.isObject()) {
            throw new MalformedPush(path(path, name), "an object", describe(n));
        }
        return n;
    }

    /** A string; absent or null gives null when not required. */
    static String text(JsonNode o, String name, String path, boolean required) throws MalformedPush {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new MalformedPush(path(path, name), "a string", "nothing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new MalformedPush(path(path, name), "a string", describe(n));
        }
        if (n.textValue().length() > 256) {
            throw new MalformedPush(
                    path(path, name), "at most 256 characters", n.textValue().length() + " characters");
        }
        return n.textValue();
    }

    /**
     * An integer in {@code [min, max]}; cameras write some numbers as strings ({@code "ionum": "0"}),
     * so a string of digits is accepted too. Absent or null gives {@code fallback}, or is refused when
     * that is null.
     */
    static long integer(JsonNode o, String name, String path, long min, long max, Long fallback) throws MalformedPush {
        JsonNode n = o.get(name);
        String expected = "an integer from " + min + " to " + max;
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw new MalformedPush(path(path, name), expected, "nothing");
            }
            return fallback;
        }
        long v;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.longValue();
        } else if (n.isTextual() && n.textValue().matches("-?\\d{1,18}")) {
            v = Long.parseLong(n.textValue());
        } else {
            throw new MalformedPush(path(path, name), expected, describe(n));
        }
        if (v < min || v > max) {
            throw new MalformedPush(path(path, name), expected, Long.toString(v));
        }
        return v;
    }

    static boolean bool(JsonNode o, String name, String path, boolean fallback) throws MalformedPush {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new MalformedPush(path(path, name), "true or false", describe(n));
        }
        return n.booleanValue();
    }

    static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The type of a node and, for short scalars, the value: enough to fix a camera, never a whole body. */
    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case STRING -> n.textValue().length() <= 16 ? "the string \"" + n.textValue() + "\"" : "a string";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> n.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
