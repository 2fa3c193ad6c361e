package io.courtyard.journal.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.courtyard.journal.EventDraft;
import io.courtyard.testsupport.SampleEvents;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sealed family and its codec: every type registered, read back exactly, read strictly, private data kept. */
class EventModelTest {
    @Test
    void everyKindIsFoundByItsStoredTopicInAnyCaseAndAnUnknownTopicIsRefused() {
        for (EventKind k : EventKind.values()) {
            assertThat(EventKind.ofTopic(k.topic())).isSameAs(k);
            assertThat(EventKind.ofTopic(k.name())).isSameAs(k);
        }
        assertThatThrownBy(() -> EventKind.ofTopic("elevator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'elevator'");
        assertThatThrownBy(() -> EventKind.ofTopic("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyPermittedRecordHasExactlyOneTypeAndEveryTypeItsRecord() {
        Set<Class<?>> permitted = Set.of(Event.class.getPermittedSubclasses());
        Set<Class<?>> registered =
                Arrays.stream(EventType.values()).map(EventType::record).collect(Collectors.toSet());
        assertThat(registered).isEqualTo(permitted).hasSize(EventType.values().length);
        for (EventType t : EventType.values()) {
            assertThat(EventType.of(t.record())).isEqualTo(t);
            assertThat(EventType.named(t.wire())).isEqualTo(t);
        }
    }

    @Test
    void everyTypeHasASampleOnItsTopic() {
        assertThat(SampleEvents.all().keySet()).isEqualTo(EnumSet.complementOf(EnumSet.of(EventType.UNREADABLE)));
        SampleEvents.all().forEach((type, e) -> {
            assertThat(e.eventType()).isEqualTo(type);
            if (type.kind() != null) {
                assertThat(e.kind()).isEqualTo(type.kind());
            }
        });
    }

    @Test
    void everyEventReadsBackAsItWasWrittenWithItsStoredTypeAndWithout() {
        for (Event e : SampleEvents.all().values()) {
            String body = EventCodec.encode(e);
            assertThat(EventCodec.decode(e.kind(), e.eventType().wire(), body)).isEqualTo(e);
            assertThat(EventCodec.decode(e.kind(), null, body))
                    .as("recognised by its members alone, as rows written before the type column")
                    .isEqualTo(e);
        }
    }

    @Test
    void noOtherTypeOfTheSameTopicAcceptsABodySoOldRowsAreRecognisedUnambiguously() {
        for (Event e : SampleEvents.all().values()) {
            String body = EventCodec.encode(e);
            for (EventType other : EventType.values()) {
                if (other != e.eventType() && other != EventType.UNREADABLE) {
                    assertThat(EventCodec.decode(e.kind(), other.wire(), body))
                            .as("%s read as %s", e.eventType(), other)
                            .isInstanceOf(Unreadable.class);
                }
            }
        }
    }

    @Test
    void absentOptionalMembersAreLeftOut() {
        String body = EventCodec.encode(new DiskAlarm(AlarmState.CLEARED, null));
        assertThat(body).isEqualTo("{\"alarm\":\"disk\",\"state\":\"cleared\"}");
    }

    @Test
    void bodiesAreReadStrictlyAndWhatDoesNotMatchIsUnreadableNamingWhy() {
        assertThat(problem(EventKind.DEVICE, "device-offline", "{\"state\":\"offline\",\"bus\":\"b\",\"address\":1}"))
                .contains("missing reason");
        assertThat(problem(
                        EventKind.DEVICE,
                        "device-offline",
                        "{\"state\":\"offline\",\"bus\":\"b\",\"address\":1,\"reason\":\"x\",\"extra\":2}"))
                .contains("unknown member extra");
        assertThat(problem(
                        EventKind.DEVICE,
                        "device-offline",
                        "{\"state\":\"online\",\"bus\":\"b\",\"address\":1,\"reason\":\"x\"}"))
                .contains("state must be offline");
        assertThat(problem(
                        EventKind.DEVICE,
                        "device-offline",
                        "{\"state\":\"offline\",\"bus\":\"b\",\"address\":\"1\",\"reason\":\"x\"}"))
                .contains("address: expected an integer");
        assertThat(problem(
                        EventKind.DEVICE,
                        "device-offline",
                        "{\"state\":\"offline\",\"bus\":\"b\",\"address\":4294967296,\"reason\":\"x\"}"))
                .contains("out of range");
        assertThat(problem(EventKind.DEVICE, "gate-input", "{\"state\":\"door-ajar\",\"door\":\"g\"}"))
                .contains("door-ajar is not one of [door-open, door-closed, exit-request, remote-open]");
        assertThat(problem(EventKind.DEVICE, "gate-input", "{\"state\":\"door-open\",\"door\":\"g\"} {}"))
                .contains("content after");
        assertThat(problem(EventKind.ALARM, "gate-input", EventCodec.encode(SampleEvents.of(EventType.GATE_INPUT))))
                .contains("not published as alarm");
        assertThat(problem(EventKind.DEVICE, "fault-raised", "{}")).contains("unknown event type fault-raised");
        assertThat(problem(EventKind.DEVICE, null, "{\"state\":\"rebooted\"}"))
                .contains("matches no device event type");
        assertThat(problem(EventKind.ACCESS, null, "not json")).isNotBlank();
    }

    private static String problem(EventKind kind, String type, String body) {
        Event e = EventCodec.decode(kind, type, body);
        assertThat(e).isInstanceOf(Unreadable.class);
        Unreadable u = (Unreadable) e;
        assertThat(u.body()).isEqualTo(body);
        assertThat(u.kind()).isEqualTo(kind);
        return u.problem();
    }

    @Test
    void aRecordMissingARequiredMemberIsRefusedWhereItIsBuiltNotOnTheWriter() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> EventDraft.at("gateway", now, new GatewayStarted(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GatewayStarted.version is required");
        assertThatThrownBy(() -> EventDraft.at(
                        "gate",
                        now,
                        new AccessDecided(
                                AccessDecided.Decision.GRANT,
                                "granted",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                1,
                                null,
                                new AccessDecided.StateChange(null, 1, null, null))))
                .hasMessageContaining("StateChange.subject is required");
        Event unreadable = EventCodec.decode(EventKind.ACCESS, null, "{}");
        assertThatThrownBy(() -> EventDraft.at("gate", now, unreadable)).hasMessageContaining("never appended");
    }

    @Test
    void logsShowPersonalDataMaskedAndRecordsPrintThemselvesThatWay() {
        AccessDecided unknown = new AccessDecided(
                AccessDecided.Decision.DENY,
                "unknown-credential",
                null,
                "card",
                "card:h10301/****",
                "card:h10301/12/4242",
                null,
                null,
                null,
                "3-1-702",
                null,
                4,
                null,
                null);
        String line = unknown.toString();
        assertThat(line).startsWith("access-decided {");
        assertThat(line).doesNotContain("4242").doesNotContain("702");
        assertThat(line).contains("\"credential\":\"card:h10301/****\"", "\"credentialFull\":\"***\"");
        assertThat(EventCodec.encode(unknown))
                .as("the journal keeps it in full")
                .contains("4242", "3-1-702");
    }

    /** A record of this test only: what a member that never leaves the box does on the way out. */
    record Secretive(String open, @Personal(Privacy.LOCAL) String secret) {}

    @Test
    void localMembersStayInTheJournalAndNeverGoUpstream() throws Exception {
        Shape shape = Shape.of(Secretive.class);
        Secretive s = new Secretive("a", "b");
        assertThat(write(shape, s, Audience.JOURNAL)).isEqualTo("{\"open\":\"a\",\"secret\":\"b\"}");
        assertThat(write(shape, s, Audience.UPSTREAM)).isEqualTo("{\"open\":\"a\"}");
        assertThat(write(shape, s, Audience.LOG)).isEqualTo("{\"open\":\"a\",\"secret\":\"***\"}");
    }

    private static String write(Shape shape, Object record, Audience audience) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            shape.writeMembers(g, record, audience);
            g.writeEndObject();
        }
        return out.toString();
    }

    record TakesTheEnvelope(String device) {}

    record TagsAHousehold(@Tag @Personal(Privacy.PERSONAL) String household) {}

    record AbsentPrimitive(@Nullable int floor) {}

    @Test
    void declarationsTheWireCannotCarryAreRefusedWhenTheTypeIsFirstUsed() {
        assertThatThrownBy(() -> Shape.of(TakesTheEnvelope.class)).hasMessageContaining("member device taken");
        assertThatThrownBy(() -> Shape.of(TagsAHousehold.class))
                .hasMessageContaining("personal data is never an InfluxDB tag");
        assertThatThrownBy(() -> Shape.of(AbsentPrimitive.class)).hasMessageContaining("cannot be absent");
    }

    @Test
    void unreadableEventsTravelUpstreamAsTheirStoredText() throws Exception {
        Event u = EventCodec.decode(EventKind.DEVICE, "device-offline", "{\"state\":1}");
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            EventCodec.writeUpstream(g, u);
            g.writeEndObject();
        }
        assertThat(out.toString()).isEqualTo("{\"body\":\"{\\\"state\\\":1}\"}");
        assertThat(u.toString()).startsWith("unreadable device event (").doesNotContain("{");
    }
}
