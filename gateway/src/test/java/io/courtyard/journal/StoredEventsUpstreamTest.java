package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.journal.event.Unreadable;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.uplink.UplinkJson;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events read back from a real journal go upstream exactly as the records they were appended as,
 * whether the sink copies the stored body (types with nothing to hold back) or decodes it; a row
 * whose body was damaged on disk after it was written goes as its text and is reported, whichever
 * way it would have gone. A sink that keeps up gets the writer's own events from memory, and
 * they go upstream the same as the rows read after a restart.
 */
class StoredEventsUpstreamTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyTypeReadsBackToTheSamePayloadAndDamagedBodiesGoAsText() throws Exception {
        Map<Long, Event> appended = new HashMap<>();
        Map<Long, String> damaged = new HashMap<>();
        List<Long> reported = new ArrayList<>();
        UplinkJson json = new UplinkJson(e -> reported.add(e.seq()));
        Map<Long, String> fromMemory = new HashMap<>();
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            for (EventType type : EventType.values()) {
                if (type != EventType.UNREADABLE) {
                    Event e = SampleEvents.of(type);
                    appended.put(j.append("dev-" + type.wire(), e).seq(), e);
                }
            }
            // A sink that keeps up gets the writer's own events, from memory.
            for (JournalEvent e : j.source("mqtt").next(1000, 1000)) {
                fromMemory.put(e.seq(), new String(json.event(e), StandardCharsets.UTF_8));
            }
            assertThat(fromMemory.keySet()).isEqualTo(appended.keySet());
            long ride = seqOf(appended, EventType.RIDE_RECORDED);
            long gate = seqOf(appended, EventType.GATE_INPUT);
            long access = seqOf(appended, EventType.ACCESS_DECIDED);
            String rideBody = EventCodec.encode(appended.get(ride));
            // Well-formed JSON of the right members, one of the wrong type; broken JSON; a body cut short.
            damaged.put(ride, rideBody.replace("\"toFloor\":7", "\"toFloor\":\"7\""));
            damaged.put(gate, "{not json");
            damaged.put(access, EventCodec.encode(appended.get(access)).substring(0, 40));
            assertThat(damaged.get(ride)).isNotEqualTo(rideBody);
            try (Connection c = j.database().connect();
                    PreparedStatement st = c.prepareStatement("UPDATE events SET body = ? WHERE seq = ?")) {
                for (Map.Entry<Long, String> d : damaged.entrySet()) {
                    st.setString(1, d.getValue());
                    st.setLong(2, d.getKey());
                    assertThat(st.executeUpdate()).isEqualTo(1);
                }
            }
        }
        assertThat(reported).isEmpty();

        // After a restart every event is read from the table: nothing was acknowledged.
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            List<JournalEvent> read = j.source("mqtt").next(1000, 1000);

            assertThat(read).extracting(JournalEvent::seq).containsExactlyInAnyOrderElementsOf(appended.keySet());
            for (JournalEvent e : read) {
                JsonNode sent = MAPPER.readTree(json.event(e));
                if (damaged.containsKey(e.seq())) {
                    assertThat(sent.get("body").asText()).isEqualTo(damaged.get(e.seq()));
                    assertThat(e.event()).isInstanceOf(Unreadable.class);
                } else {
                    JournalEvent original = new JournalEvent(
                            e.seq(), e.id(), e.deviceId(), e.ts(), e.receivedAt(), appended.get(e.seq()));
                    assertThat(new String(json.event(e), StandardCharsets.UTF_8))
                            .as("seq %d", e.seq())
                            .isEqualTo(new String(json.event(original), StandardCharsets.UTF_8))
                            .isEqualTo(fromMemory.get(e.seq()));
                    assertThat(e).isEqualTo(original);
                }
            }
            assertThat(reported).containsExactlyInAnyOrderElementsOf(damaged.keySet());
        }
    }

    /**
     * A body whose bytes on disk are not UTF-8 (a surrogate's code, inside a string): the sink
     * does not copy it (its bytes would reach the platform as they are), it decodes it, the byte
     * read as a replacement character, and sends valid UTF-8.
     */
    @Test
    void aBodyThatIsNotUtf8IsDecodedAndSentAsUtf8() throws Exception {
        long seq;
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            Event ride = SampleEvents.of(EventType.RIDE_RECORDED);
            seq = j.append("elevator-1", ride).seq();
            String body = EventCodec.encode(ride);
            int at = body.indexOf("\":\"") + 3; // inside the first string value
            byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
            // An encoded surrogate: the JSON parser reads it, UTF-8 forbids it.
            byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
            byte[] damaged = new byte[utf8.length + surrogate.length];
            System.arraycopy(utf8, 0, damaged, 0, at);
            System.arraycopy(surrogate, 0, damaged, at, surrogate.length);
            System.arraycopy(utf8, at, damaged, at + surrogate.length, utf8.length - at);
            try (Connection c = j.database().connect();
                    PreparedStatement st =
                            c.prepareStatement("UPDATE events SET body = CAST(? AS TEXT) WHERE seq = ?")) {
                st.setBytes(1, damaged);
                st.setLong(2, seq);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
        }

        // Read after a restart, from the table (a sink keeping up gets the writer's own record).
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            JournalEvent read = j.source("mqtt").next(1, 1000).get(0);
            byte[] sent = new UplinkJson().event(read);

            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(sent))
                    .toString();
            assertThat(read.event()).isInstanceOf(RideRecorded.class);
            assertThat(text).contains("\uFFFD").doesNotContain("\"body\"");
            assertThat(MAPPER.readTree(text).get("seq").asLong()).isEqualTo(seq);
        }
    }

    private static long seqOf(Map<Long, Event> appended, EventType type) {
        return appended.entrySet().stream()
                .filter(en -> en.getValue().eventType() == type)
                .findFirst()
                .orElseThrow()
                .getKey();
    }
}
