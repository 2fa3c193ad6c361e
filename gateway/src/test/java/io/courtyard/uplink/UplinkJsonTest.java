package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UplinkJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Long> unreadable = new ArrayList<>();
    private final UplinkJson json = new UplinkJson(e -> unreadable.add(e.seq()));

    private static JournalEvent event(long seq, Event e) {
        return new JournalEvent(
                seq,
                "site1-7-" + seq,
                "lift-2",
                Instant.parse("2026-03-01T08:15:30.120Z"),
                Instant.parse("2026-03-01T08:15:30.456789Z"),
                e);
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
    void envelopeComesFirstThenTheRecordsMembersInDeclarationOrder() throws Exception {
        JsonNode n = read(json.event(event(42, SampleEvents.of(EventType.RIDE_RECORDED))));
        List<String> expected = new ArrayList<>(List.of("id", "seq", "kind", "device", "ts", "receivedAt"));
        // The sample fills every optional member but selected, which 0.1.0's rides never had.
        EventType.RIDE_RECORDED.shape().fields().stream()
                .filter(f -> !f.name().equals("selected"))
                .forEach(f -> expected.add(f.name()));
        assertEquals(expected, names(n));
        assertEquals("site1-7-42", n.get("id").asText());
        assertEquals(42, n.get("seq").asLong());
        assertTrue(n.get("seq").isIntegralNumber());
        assertEquals("ride", n.get("kind").asText());
        assertEquals("lift-2", n.get("device").asText());
        assertEquals(7, n.get("toFloor").asInt());
    }

    @Test
    void timesAreIso8601AsRecordedNeverRewritten() throws Exception {
        JsonNode n = read(json.event(event(1, SampleEvents.of(EventKind.ACCESS))));
        assertEquals("2026-03-01T08:15:30.120Z", n.get("ts").asText());
        assertEquals("2026-03-01T08:15:30.456789Z", n.get("receivedAt").asText());
    }

    @Test
    void absentMembersAreLeftOutNotWrittenAsNull() throws Exception {
        RideRecorded toLobby = new RideRecorded(
                "elevator-1-1",
                "1",
                "1",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                1,
                null,
                Instant.EPOCH,
                "granted",
                3);
        JsonNode n = read(json.event(event(3, toLobby)));
        assertTrue(!n.has("fromFloor") && !n.has("household") && !n.has("credential"), n::toString);
        assertEquals(false, n.get("fromKnown").asBoolean(true));
    }

    @Test
    void aStoredBodyOfNoDeclaredTypeIsCarriedAsTextAndReported() throws Exception {
        Event stored = EventCodec.decode(EventKind.DEVICE, null, "{not json");
        JsonNode n = read(json.event(event(9, stored)));
        assertEquals("{not json", n.get("body").asText());
        assertEquals("site1-7-9", n.get("id").asText());
        assertEquals("device", n.get("kind").asText());
        assertEquals(List.of(9L), unreadable);
    }

    @Test
    void aBatchIsAJsonArrayOfEventObjectsInOrder() throws Exception {
        JsonNode n = read(json.batch(List.of(
                event(1, SampleEvents.numbered(EventKind.ACCESS, 1)),
                event(2, SampleEvents.numbered(EventKind.ACCESS, 2)))));
        assertTrue(n.isArray());
        assertEquals(2, n.size());
        assertEquals(1, n.get(0).get("seq").asLong());
        assertEquals(2, n.get(1).get("aclVersion").asInt());
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
