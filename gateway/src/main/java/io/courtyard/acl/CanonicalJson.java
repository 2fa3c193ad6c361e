package io.courtyard.acl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON Canonicalization Scheme (RFC 8785) for the subset the access-list format uses:
 * objects with members sorted by their names' UTF-16 code units, no insignificant whitespace,
 * strings escaped minimally, and numbers that are integers of at most 2^53-1 in magnitude (for
 * which JCS's ECMAScript number form is the plain decimal). Anything else — fractions, exponents,
 * huge integers, lone surrogates — is refused rather than canonicalized differently from another
 * implementation.
 */
public final class CanonicalJson {
    /** The largest integer every JSON implementation represents exactly (IEEE 754 double). */
    static final long MAX_SAFE = (1L << 53) - 1;

    private CanonicalJson() {}

    public static byte[] bytes(JsonNode node) {
        return text(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        write(node, sb, "$");
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb, String path) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                // String.compareTo compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
                names.sort(String::compareTo);
                sb.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(names.get(i), sb, path);
                    sb.append(':');
                    write(n.get(names.get(i)), sb, path + "." + names.get(i));
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(n.get(i), sb, path + "[" + i + "]");
                }
                sb.append(']');
            }
            case STRING -> string(n.textValue(), sb, path);
            case NUMBER -> {
                if (!n.isIntegralNumber() || !n.canConvertToLong() || Math.abs(n.longValue()) > MAX_SAFE) {
                    throw new AclFormatException(path, "numbers must be integers of at most 2^53-1, found " + n);
                }
                sb.append(n.longValue());
            }
            case BOOLEAN -> sb.append(n.booleanValue());
            case NULL -> sb.append("null");
            default -> throw new AclFormatException(path, "not a JSON value: " + n.getNodeType());
        }
    }

    private static void string(String s, StringBuilder sb, String path) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired =
                        Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    throw new AclFormatException(path, "a string holds a lone UTF-16 surrogate");
                }
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
