package io.courtyard.acl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Canonicalization Scheme (RFC 8785) for the subset the access-list format uses:
 * objects with members sorted by their names' UTF-16 code units, no insignificant whitespace,
 * strings escaped minimally, and numbers that are integers of at most 2^53-1 in magnitude (for
 * which JCS's ECMAScript number form is the plain decimal). Anything else — fractions, exponents,
 * huge integers, lone surrogates — is refused rather than canonicalized differently from another
 * implementation.
 *
 * <p>It works on a token stream, never on a tree, so that an unverified message costs about its own
 * size once more in canonical bytes, whatever it holds: a tree of a 16 MB array of zeros would take
 * hundreds of megabytes. Only each object's members are held until they are sorted, at most
 * {@link #MAX_MEMBERS} of them, at most {@link #MAX_DEPTH} objects and arrays deep.
 */
public final class CanonicalJson {
    /** The largest integer every JSON implementation represents exactly (IEEE 754 double). */
    static final long MAX_SAFE = (1L << 53) - 1;
    /** Nesting the format needs: payload, entries, a kind's list, an entry, its week, a day. */
    static final int MAX_DEPTH = 16;
    /** Members of one object: a calendar's workdays or a group's elevators are the most, a few hundred. */
    static final int MAX_MEMBERS = 4096;

    /** What the parser of an unverified message accepts before anything of it is believed. */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(1 << 20)
            .maxNameLength(1024)
            .maxNumberLength(20)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private CanonicalJson() {}

    /** A strict parser over {@code bytes}: duplicate names refused, {@link #LIMITS} applied. */
    static JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return JSON.createParser(bytes, offset, length);
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    public static byte[] bytes(JsonNode node) {
        return write(node).toByteArray();
    }

    public static String text(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    private static Chunks write(JsonNode node) {
        try (JsonParser p = node.traverse(JSON)) {
            Chunks out = new Chunks();
            value(p, p.nextToken(), out, 0);
            return out;
        } catch (IOException e) {
            throw new AclFormatException("$", "unreadable: " + e.getMessage());
        }
    }

    /**
     * Canonicalizes the value starting at the parser's current token {@code t}, consuming it.
     * Paths are worked out only for a refusal: building one per value would cost more than the rest.
     */
    static void value(JsonParser p, JsonToken t, Chunks out, int depth) throws IOException {
        if (t == null) {
            throw new AclFormatException(where(p), "truncated");
        }
        if (depth > MAX_DEPTH) {
            throw new AclFormatException(where(p), "nested more than " + MAX_DEPTH + " deep");
        }
        switch (t) {
            case START_OBJECT -> object(p, out, depth);
            case START_ARRAY -> {
                out.write('[');
                boolean first = true;
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    value(p, e, out, depth + 1);
                }
                out.write(']');
            }
            case VALUE_STRING -> string(p.getText(), out, p);
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || Math.abs(p.getLongValue()) > MAX_SAFE) {
                    throw new AclFormatException(
                            where(p), "numbers must be integers of at most 2^53-1, found " + p.getText());
                }
                out.ascii(Long.toString(p.getLongValue()));
            }
            case VALUE_NUMBER_FLOAT -> throw new AclFormatException(
                    where(p), "numbers must be integers of at most 2^53-1, found " + p.getText());
            case VALUE_TRUE -> out.ascii("true");
            case VALUE_FALSE -> out.ascii("false");
            case VALUE_NULL -> out.ascii("null");
            default -> throw new AclFormatException(where(p), "not a JSON value: " + t);
        }
    }

    /** Where the parser is, as a JSON pointer such as {@code /payload/entries/holders/3/validTo}. */
    private static String where(JsonParser p) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        return "$" + LogText.safe(pointer.isEmpty() ? "" : pointer);
    }

    private record Member(String name, Chunks value) {}

    private static void object(JsonParser p, Chunks out, int depth) throws IOException {
        List<Member> members = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            if (members.size() == MAX_MEMBERS) {
                throw new AclFormatException(where(p), "more than " + MAX_MEMBERS + " members in one object");
            }
            String name = p.currentName();
            Chunks v = new Chunks();
            value(p, p.nextToken(), v, depth + 1);
            members.add(new Member(name, v));
        }
        // String.compareTo compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
        members.sort((a, b) -> a.name().compareTo(b.name()));
        out.write('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            string(members.get(i).name(), out, p);
            out.write(':');
            out.append(members.get(i).value());
        }
        out.write('}');
    }

    private static void string(String s, Chunks out, JsonParser p) {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired =
                        Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    throw new AclFormatException(where(p), "a string holds a lone UTF-16 surrogate");
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
                continue;
            }
            switch (c) {
                case '"' -> out.ascii("\\\"");
                case '\\' -> out.ascii("\\\\");
                case '\b' -> out.ascii("\\b");
                case '\f' -> out.ascii("\\f");
                case '\n' -> out.ascii("\\n");
                case '\r' -> out.ascii("\\r");
                case '\t' -> out.ascii("\\t");
                default -> {
                    if (c < 0x20) {
                        out.ascii("\\u00");
                        out.write(Character.forDigit(c >> 4, 16));
                        out.write(Character.forDigit(c & 0xF, 16));
                    } else if (c < 0x80) {
                        out.write(c);
                    } else if (c < 0x800) {
                        out.write(0xC0 | (c >> 6));
                        out.write(0x80 | (c & 0x3F));
                    } else {
                        out.write(0xE0 | (c >> 12));
                        out.write(0x80 | ((c >> 6) & 0x3F));
                        out.write(0x80 | (c & 0x3F));
                    }
                }
            }
        }
        out.write('"');
    }

    /** A parse failure as the refusal it becomes, naming where the parser stopped. */
    static AclFormatException refusal(IOException e) {
        if (e instanceof StreamConstraintsException c) {
            return new AclFormatException("$", "over a limit: " + c.getOriginalMessage());
        }
        if (e instanceof JsonParseException j) {
            return new AclFormatException(
                    "$",
                    "not JSON: " + j.getOriginalMessage() + " at byte "
                            + j.getLocation().getByteOffset());
        }
        return new AclFormatException("$", "unreadable: " + e.getMessage());
    }
}
