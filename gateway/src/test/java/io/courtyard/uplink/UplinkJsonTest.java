package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.JournalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UplinkJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> renamed = new ArrayList<>();
    private final List<Long> invalid = new ArrayList<>();
    private final UplinkJson json = new UplinkJson(new UplinkJson.Anomalies() {
        @Override
        public void renamedKey(JournalEvent event, String key) {
            renamed.add(key);
        }

        @Override
        public void invalidBody(JournalEvent event) {
            invalid.add(event.seq());
        }
    });

    private static JournalEvent event(long seq, EventKind kind, String body) {
        return new JournalEvent(
                seq,
                "site1-7-" + seq,
                kind,
                "lift-2",
                Instant.parse("2026-03-01T08:15:30.120Z"),
                Instant.parse("2026-03-01T08:15:30.456789Z"),
                body);
    }

    private JsonNode read(byte[] bytes) throws Exception {
        return mapper.readTree(bytes);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void envelopeComesFirstThenBodyFieldsInTheirOrder() throws Exception {
        JsonNode n = read(json.event(event(42, EventKind.RIDE, "{\"credential\":\"****5678\",\"from\":1,\"to\":9}")));
        assertEquals(List.of("id", "seq", "kind", "device", "ts", "receivedAt", "credential", "from", "to"), names(n));
        assertEquals("site1-7-42", n.get("id").asText());
        assertEquals(42, n.get("seq").asLong());
        assertTrue(n.get("seq").isIntegralNumber());
        assertEquals("ride", n.get("kind").asText());
        assertEquals("lift-2", n.get("device").asText());
        assertEquals(9, n.get("to").asInt());
    }

    @Test
    void timesAreIso8601AsRecordedNeverRewritten() throws Exception {
        JsonNode n = read(json.event(event(1, EventKind.ACCESS, "{}")));
        assertEquals("2026-03-01T08:15:30.120Z", n.get("ts").asText());
        assertEquals("2026-03-01T08:15:30.456789Z", n.get("receivedAt").asText());
    }

    @Test
    void bodyKeysNeverOverrideTheEnvelopeTheyAreRenamed() throws Exception {
        JsonNode n = read(json.event(event(
                5, EventKind.FAULT, "{\"id\":\"x\",\"seq\":-1,\"ts\":\"then\",\"device\":\"other\",\"code\":7}")));
        assertEquals("site1-7-5", n.get("id").asText());
        assertEquals(5, n.get("seq").asLong());
        assertEquals("lift-2", n.get("device").asText());
        assertEquals("x", n.get("body_id").asText());
        assertEquals(-1, n.get("body_seq").asInt());
        assertEquals("then", n.get("body_ts").asText());
        assertEquals("other", n.get("body_device").asText());
        assertEquals(7, n.get("code").asInt());
        assertEquals(List.of("id", "seq", "ts", "device"), renamed);
    }

    @Test
    void aRenameNeverClobbersAnExistingBodyKey() throws Exception {
        JsonNode n = read(json.event(event(5, EventKind.FAULT, "{\"kind\":\"door\",\"body_kind\":\"mine\"}")));
        assertEquals("fault", n.get("kind").asText());
        assertEquals("mine", n.get("body_kind").asText());
        assertEquals("door", n.get("body_body_kind").asText());
    }

    @Test
    void nestedBodyValuesPassThroughUnchanged() throws Exception {
        JsonNode n =
                read(json.event(event(3, EventKind.ACCESS, "{\"floors\":[3,4],\"who\":{\"id\":\"h-1\"},\"x\":null}")));
        assertEquals("[3,4]", n.get("floors").toString());
        assertEquals("h-1", n.get("who").get("id").asText());
        assertTrue(n.get("x").isNull());
        assertTrue(renamed.isEmpty(), "only top-level keys share the envelope's namespace");
    }

    @Test
    void anUnparseableBodyIsCarriedAsTextAndReported() throws Exception {
        JsonNode n = read(json.event(event(9, EventKind.DEVICE, "{not json")));
        assertEquals("{not json", n.get("body").asText());
        assertEquals("site1-7-9", n.get("id").asText());
        assertEquals(List.of(9L), invalid);
    }

    @Test
    void aBatchIsAJsonArrayOfEventObjectsInOrder() throws Exception {
        JsonNode n = read(
                json.batch(List.of(event(1, EventKind.ACCESS, "{\"a\":1}"), event(2, EventKind.ACCESS, "{\"a\":2}"))));
        assertTrue(n.isArray());
        assertEquals(2, n.size());
        assertEquals(1, n.get(0).get("seq").asLong());
        assertEquals(2, n.get(1).get("a").asInt());
    }

    @Test
    void statusCarriesStateTimeAndVersion() throws Exception {
        JsonNode online = read(json.status("online", null, "ts", Instant.parse("2026-03-01T00:00:00Z"), "1.2.3"));
        assertEquals(List.of("status", "ts", "version"), names(online));
        assertEquals("online", online.get("status").asText());
        JsonNode will = read(
                json.status("offline", "connection lost", "onlineSince", Instant.parse("2026-03-01T00:00:00Z"), "1"));
        assertEquals("connection lost", will.get("reason").asText());
        assertEquals("2026-03-01T00:00:00Z", will.get("onlineSince").asText());
    }

    @Test
    void topicsFollowPrefixSiteKind() {
        UplinkTopics t = new UplinkTopics("courtyard", "site9");
        assertEquals("courtyard/site9/alarm", t.event(EventKind.ALARM));
        assertEquals("courtyard/site9/access", t.event(EventKind.ACCESS));
        assertEquals("courtyard/site9/status", t.status());
    }
}
