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

    @ParameterizedTest
    @ValueSource(strings = {"[1.5]", "[1.0]", "[1e3]", "[9007199254740992]", "[-9007199254740992]", "[\"\\ud800\"]"})
    void refusesWhatItCannotCanonicalizeAsEveryoneElseWould(String json) {
        assertThrows(AclFormatException.class, () -> canonical(json));
    }
}
