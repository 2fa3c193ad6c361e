package io.courtyard.journal.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.testsupport.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The MQTT sink copies a stored body upstream after a check that builds nothing ({@link
 * EventCodec#copyUpstream}) instead of decoding it. The check must refuse exactly the bodies the
 * strict decode refuses, or a corrupt body would reach the platform as members instead of as
 * {@code "body": "..."}: here every type's sample is broken every way we can think of, member by
 * member and nested ones too, truncated and with random characters changed, and both paths must
 * agree on each.
 */
class UpstreamCopyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Values of every JSON type, and the ones that are the right type but still wrong. */
    private static final List<JsonNode> REPLACEMENTS = List.of(
            NODES.nullNode(),
            NODES.textNode("x"),
            NODES.textNode("2026-13-01T00:00:00Z"),
            NODES.textNode("2026-03-01T08:15:30.120Z"),
            NODES.numberNode(1),
            NODES.numberNode(-1),
            NODES.numberNode(4_294_967_296L),
            NODES.numberNode(1.5),
            NODES.booleanNode(true),
            NODES.objectNode(),
            NODES.arrayNode(),
            NODES.arrayNode().add("a"),
            NODES.arrayNode().add(1),
            NODES.arrayNode().add(NODES.objectNode()));

    @Test
    void theCheckBeforeCopyingRefusesExactlyWhatTheDecodeRefuses() throws Exception {
        Random random = new Random(20261203L);
        int copied = 0;
        int refused = 0;
        for (EventType type : EventType.values()) {
            if (type == EventType.UNREADABLE) {
                continue;
            }
            Event sample = SampleEvents.of(type);
            String body = EventCodec.encode(sample);
            for (String mutant : mutants(body, random)) {
                if (agree(type, sample.kind(), mutant)) {
                    copied++;
                } else {
                    refused++;
                }
            }
        }
        // Both outcomes are exercised, many times: the comparison above is not vacuous.
        assertThat(copied).isGreaterThan(100);
        assertThat(refused).isGreaterThan(1_000);
    }

    @Test
    void rowsWithoutATypeOrOnAnotherTopicOrOfAnUnknownTypeAreDecodedNotCopied() throws Exception {
        Event ride = SampleEvents.of(EventType.RIDE_RECORDED);
        String body = EventCodec.encode(ride);
        assertThat(copy(ride.kind(), EventType.RIDE_RECORDED.wire(), body)).isNotNull();
        assertThat(copy(ride.kind(), null, body)).isNull();
        assertThat(copy(EventKind.ALARM, EventType.RIDE_RECORDED.wire(), body)).isNull();
        assertThat(copy(ride.kind(), "ride-recorded-v9", body)).isNull();
        assertThat(copy(ride.kind(), EventType.UNREADABLE.wire(), body)).isNull();
        assertThat(copy(ride.kind(), EventType.RIDE_RECORDED.wire(), (byte[]) null))
                .isNull();
    }

    /**
     * A row's body comes from SQLite as bytes and is copied as bytes. Bytes that are not UTF-8 (a
     * stray continuation byte, a lead byte cut short, an overlong form, a surrogate, bytes that
     * are never UTF-8, another encoding altogether) are never copied: the decode turns them into
     * replacement characters and the platform gets valid UTF-8 either way.
     */
    @Test
    void bytesThatAreNotUtf8AreNeverCopied() throws Exception {
        byte[][] broken = {
            {(byte) 0x80},
            {(byte) 0xC3},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF},
            {(byte) 0xFE}
        };
        int tried = 0;
        int wide = 0;
        for (EventType type : EventType.values()) {
            if (type == EventType.UNREADABLE || type.shape().holdsBack()) {
                continue;
            }
            Event sample = SampleEvents.of(type);
            byte[] body = EventCodec.encode(sample).getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < body.length; at++) {
                if (body[at] != '"' || at + 1 >= body.length || body[at + 1] == '"') {
                    continue;
                }
                // Inside every string, member names too, right after its opening quote.
                for (byte[] b : broken) {
                    byte[] mutant = new byte[body.length + b.length];
                    System.arraycopy(body, 0, mutant, 0, at + 1);
                    System.arraycopy(b, 0, mutant, at + 1, b.length);
                    System.arraycopy(body, at + 1, mutant, at + 1 + b.length, body.length - at - 1);
                    assertThat(copy(sample.kind(), type.wire(), mutant))
                            .as("%s copied with bytes %s", type.wire(), Arrays.toString(b))
                            .isNull();
                    tried++;
                }
            }
            String text = EventCodec.encode(sample);
            for (int at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) {
                // Characters of two, three and four bytes are UTF-8 all right: copied when they read.
                if (agree(type, sample.kind(), text.substring(0, at + 1) + "é京😀" + text.substring(at + 1))) {
                    wide++;
                }
            }
            for (Charset other :
                    List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, Charset.forName("UTF-32"))) {
                assertThat(copy(sample.kind(), type.wire(), text.getBytes(other)))
                        .isNull();
            }
            byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            assertThat(copy(sample.kind(), type.wire(), bom)).isNull();
        }
        assertThat(tried).isGreaterThan(1_000);
        assertThat(wide).isGreaterThan(20);
    }

    /** The check against the JDK's strict decoder, on random bytes mostly shaped like UTF-8. */
    @Test
    void wellFormedUtf8IsWhatTheJdkDecodesStrictly() {
        Random random = new Random(20261203L);
        int[] leads = {
            0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF
        };
        int[] tails = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        int valid = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                int[] pick = i == 0 || random.nextInt(3) == 0 ? leads : tails;
                b[i] = (byte) pick[random.nextInt(pick.length)];
            }
            boolean jdk = true;
            try {
                utf8(b);
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertThat(EventCodec.wellFormedUtf8(b, 0, b.length))
                    .as("%s", Arrays.toString(b))
                    .isEqualTo(jdk);
            valid += jdk ? 1 : 0;
        }
        assertThat(valid).isBetween(5_000, 195_000); // both answers, many times (8,832 valid here)
    }

    /**
     * Copies when the decode reads the body, with the very members the decoded record writes;
     * refuses when it does not, unless the only objection is the record's own constructor, which
     * the check does not run (the journal's writer ran it when it appended the event). A body
     * that decodes may be refused only for a member written as null: it is then written from its
     * record, without the null.
     *
     * @return whether it was copied
     */
    private static boolean agree(EventType type, EventKind kind, String body) throws IOException {
        Event decoded = EventCodec.decode(kind, type.wire(), body);
        String copied = copy(kind, type.wire(), body);
        if (type.shape().holdsBack()) {
            assertThat(copied)
                    .as("%s holds members back: %s", type.wire(), body)
                    .isNull();
            return false;
        }
        if (decoded instanceof Unreadable u) {
            if (copied != null) {
                assertThat(u.problem()).as("copied though unreadable: %s", body).contains(Shape.REFUSED);
            }
            return false;
        }
        if (copied == null) {
            assertThat(body).as("decodes but was not copied").contains("null");
            return false;
        }
        // The same members and values; a body stored in another order is copied in its order,
        // and a number or a time in its spelling (1 where the record writes 1.0, 58.000Z for 58Z).
        JsonNode written = MAPPER.readTree(members(g -> EventCodec.writeUpstream(g, decoded)));
        assertThat(MAPPER.readTree(copied).equals(UpstreamCopyTest::sameValue, written))
                .as("copied %s, the record writes %s", copied, written)
                .isTrue();
        return true;
    }

    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (a.isTextual() && b.isTextual() && !a.equals(b)) {
            try {
                return Instant.parse(a.asText()).compareTo(Instant.parse(b.asText()));
            } catch (DateTimeParseException notTimes) {
                return 1;
            }
        }
        return a.equals(b) ? 0 : 1;
    }

    /**
     * What the copy wrote, as an object; null when it refused (and then it wrote nothing). It is
     * written twice, as the sink writes (bytes into a stream) and into a character writer, and
     * both must say the same.
     */
    private static String copy(EventKind kind, String type, String body) throws IOException {
        return copy(kind, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String copy(EventKind kind, String type, byte[] body) throws IOException {
        boolean[] done = new boolean[2];
        String written = members(true, g -> done[0] = EventCodec.copyUpstream(g, kind, type, body));
        String asText = members(false, g -> done[1] = EventCodec.copyUpstream(g, kind, type, body));
        assertThat(done[1]).isEqualTo(done[0]);
        assertThat(asText).isEqualTo(written);
        if (!done[0]) {
            assertThat(written).as("wrote though it refused").isEqualTo("{}");
            return null;
        }
        return MAPPER.readTree(written).toString();
    }

    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    private static String members(Members m) throws IOException {
        return members(true, m);
    }

    /** @param bytes a generator on a byte stream, as the sink's; else one on a character writer */
    private static String members(boolean bytes, Members m) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        StringWriter chars = new StringWriter();
        try (JsonGenerator g = bytes
                ? MAPPER.getFactory().createGenerator(stream)
                : MAPPER.getFactory().createGenerator(chars)) {
            g.writeStartObject();
            g.writeNumberField("envelope", 0); // the members follow the envelope's
            m.write(g);
            g.writeEndObject();
        }
        String text = bytes ? utf8(stream.toByteArray()) : chars.toString();
        ObjectNode written = (ObjectNode) MAPPER.readTree(text);
        written.remove("envelope");
        return written.toString();
    }

    /** Strict: what the sink sends must be UTF-8, and a replacement character would hide that it is not. */
    private static String utf8(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b))
                .toString();
    }

    /** The body, then every value in it (nested ones too) removed and replaced, then broken text. */
    private static List<String> mutants(String body, Random random) throws IOException {
        List<String> out = new ArrayList<>(List.of(body, body + " ", " " + body + "\n"));
        JsonNode root = MAPPER.readTree(body);
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        for (JsonNode container : containers) {
            List<Object> keys = new ArrayList<>();
            if (container instanceof ObjectNode o) {
                o.fieldNames().forEachRemaining(keys::add);
                keys.add("unknownMember");
            } else {
                for (int i = 0; i < container.size(); i++) {
                    keys.add(i);
                }
            }
            for (Object key : keys) {
                if (container instanceof ObjectNode o && o.has((String) key)) {
                    ObjectNode was = o.deepCopy();
                    o.remove((String) key);
                    out.add(root.toString());
                    o.removeAll().setAll(was);
                }
                for (JsonNode replacement : REPLACEMENTS) {
                    out.add(replaced(root, container, key, replacement));
                }
            }
        }
        for (int i = 0; i < 100; i++) {
            char[] c = body.toCharArray();
            c[random.nextInt(c.length)] = "{}[]\":,0a-Z. ".charAt(random.nextInt(13));
            out.add(new String(c));
        }
        for (int cut = 0; cut < body.length(); cut += 1 + body.length() / 20) {
            out.add(body.substring(0, cut));
        }
        out.add(body + "{}");
        out.add("[" + body + "]");
        return out;
    }

    /** The root's text with {@code key} of {@code container} set to {@code value}, the tree left as it was. */
    private static String replaced(JsonNode root, JsonNode container, Object key, JsonNode value) {
        if (container instanceof ObjectNode o) {
            String name = (String) key;
            JsonNode was = o.get(name);
            o.set(name, value);
            String text = root.toString();
            if (was == null) {
                o.remove(name);
            } else {
                o.set(name, was);
            }
            return text;
        }
        ArrayNode a = (ArrayNode) container;
        int i = (Integer) key;
        JsonNode was = a.get(i);
        a.set(i, value);
        String text = root.toString();
        a.set(i, was);
        return text;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), containers);
            }
        }
    }
}
