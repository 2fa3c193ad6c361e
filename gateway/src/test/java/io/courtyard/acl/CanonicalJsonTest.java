package io.courtyard.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical form against RFC 8785's own examples, and the subset's refusals. */
class CanonicalJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return CanonicalJson.text(JSON.readTree(json));
    }

    @Test
    void sortsMembersByUtf16CodeUnitsAsRfc8785Section323() throws Exception {
        String input =
                """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }
                """;

        assertEquals(
                "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O"
                        + " With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":"
                        + "\"Hebrew Letter Dalet With Dagesh\"}",
                canonical(input));
    }

    @Test
    void escapesStringsMinimallyAsRfc8785Section3222() throws Exception {
        String input = "[\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"]";

        assertEquals("[\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"]", canonical(input));
    }

    @Test
    void dropsWhitespaceAndKeepsArrayOrderAndLiterals() throws Exception {
        assertEquals(
                "{\"a\":[3,1,2],\"b\":{\"x\":true,\"y\":null},\"c\":-9007199254740991}",
                canonical(" { \"c\" : -9007199254740991 , \"b\": {\"y\": null, \"x\": true}, \"a\": [ 3, 1, 2 ] } "));
    }

    @Test
    void nestedObjectsAreSortedToo() throws Exception {
        JsonNode a = JSON.readTree("{\"p\":{\"b\":1,\"a\":{\"z\":1,\"y\":2}}}");
        JsonNode b = JSON.readTree("{\"p\":{\"a\":{\"y\":2,\"z\":1},\"b\":1}}");

        assertEquals(CanonicalJson.text(a), CanonicalJson.text(b));
        assertEquals("{\"p\":{\"a\":{\"y\":2,\"z\":1},\"b\":1}}", CanonicalJson.text(a));
    }

    /** Random trees: the canonical form is a fixed point, and member order never changes it. */
    @Test
    void canonicalFormIsAFixedPointAndIgnoresMemberOrder() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            JsonNode tree = tree(random, 0, false);
            JsonNode shuffled = tree(new java.util.Random(i), 0, true);
            String c = CanonicalJson.text(tree);
            assertEquals(c, canonical(c), "canonical(parse(canonical(x))) == canonical(x)");
            assertEquals(CanonicalJson.text(tree(new java.util.Random(i), 0, false)), CanonicalJson.text(shuffled));
        }
    }

    /** A random tree from {@code r}; {@code reversed} inserts each object's members in reverse order. */
    private static JsonNode tree(java.util.Random r, int depth, boolean reversed) {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        int k = depth > 3 ? r.nextInt(4) : r.nextInt(6);
        switch (k) {
            case 0:
                return f.numberNode(r.nextLong() % CanonicalJson.MAX_SAFE);
            case 1:
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(8); i > 0; i--) {
                    int cp = r.nextInt(10) == 0 ? 0x1F600 + r.nextInt(50) : r.nextInt(0x3000);
                    if (!Character.isSurrogate((char) cp)) {
                        sb.appendCodePoint(cp);
                    }
                }
                return f.textNode(sb.toString());
            case 2:
                return f.booleanNode(r.nextBoolean());
            case 3:
                return f.nullNode();
            case 4: {
                com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(tree(r, depth + 1, false));
                }
                return a;
            }
            default: {
                int n = r.nextInt(5);
                String[] names = new String[n];
                JsonNode[] values = new JsonNode[n];
                for (int i = 0; i < n; i++) {
                    names[i] = "k" + r.nextInt(1000) + (r.nextBoolean() ? "é" : "") + "-" + i;
                    values[i] = tree(r, depth + 1, reversed);
                }
                com.fasterxml.jackson.databind.node.ObjectNode o = f.objectNode();
                for (int j = 0; j < n; j++) {
                    int i = reversed ? n - 1 - j : j;
                    o.set(names[i], values[i]);
                }
                return o;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1.5]", "[1.0]", "[1e3]", "[9007199254740992]", "[-9007199254740992]", "[\"\\ud800\"]"})
    void refusesWhatItCannotCanonicalizeAsEveryoneElseWould(String json) {
        assertThrows(AclFormatException.class, () -> canonical(json));
    }
}
