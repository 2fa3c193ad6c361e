package io.courtyard.journal.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The value types the monitors brought: decimals, a device's own extras, lists of objects. */
class DeviceValuesTest {
    private static Event status(String members) {
        return EventCodec.decode(
                EventKind.DEVICE,
                "monitor-status",
                "{\"state\":\"monitor-status\",\"elevator\":\"e1\"" + members + "}");
    }

    @Test
    void aDecimalReadsWhetherTheDeviceWroteAFractionOrNot() {
        assertThat(((MonitorStatusReported) status(",\"speed\":2")).speed()).isEqualTo(2.0);
        assertThat(((MonitorStatusReported) status(",\"speed\":1.75")).speed()).isEqualTo(1.75);
        assertThat(status(",\"speed\":\"fast\"")).isInstanceOf(Unreadable.class);
    }

    @Test
    void extrasAreKeptAsTheDeviceSentThemAndOnlyAsAnObject() {
        MonitorStatusReported s =
                (MonitorStatusReported) status(",\"extra\":{\"loadKg\":320,\"cabin\":{\"temp\":[21.5,null]}}");
        assertThat(s.extra().json()).isEqualTo("{\"loadKg\":320,\"cabin\":{\"temp\":[21.5,null]}}");
        assertThat(EventCodec.encode(s)).endsWith(",\"extra\":{\"loadKg\":320,\"cabin\":{\"temp\":[21.5,null]}}}");
        Event notAnObject = status(",\"extra\":[1,2]");
        assertThat(notAnObject).isInstanceOf(Unreadable.class);
        assertThat(((Unreadable) notAnObject).problem()).contains("object");
    }

    @Test
    void aListOfObjectsIsReadStrictlyElementByElement() {
        String trip = "{\"state\":\"trip\",\"elevator\":\"e1\",\"fromFloor\":1,\"toFloor\":7,\"direction\":\"up\","
                + "\"startedAt\":\"2026-03-01T08:15:02Z\",\"durationMs\":21300,\"floors\":6,\"doorCycles\":1,"
                + "\"cards\":[%s]}";
        String card = "{\"at\":\"2026-03-01T08:14:40Z\",\"decision\":\"grant\",\"reason\":\"granted\",\"floors\":[7]}";
        TripRecorded t = (TripRecorded) EventCodec.decode(EventKind.DEVICE, "trip-recorded", trip.formatted(card));
        assertThat(t.cards()).hasSize(1);
        assertThat(t.cards().get(0).floors()).containsExactly(7);
        assertThat(EventCodec.decode(EventKind.DEVICE, "trip-recorded", trip.formatted("\"card\"")))
                .isInstanceOf(Unreadable.class);
        assertThat(EventCodec.decode(
                        EventKind.DEVICE, "trip-recorded", trip.formatted(card.replace(",\"floors\":[7]", ""))))
                .as("an element missing a required member")
                .isInstanceOf(Unreadable.class);
    }

    @Test
    void aCardInAListIsMaskedInLogsLikeEveryOtherHousehold() {
        TripRecorded t = (TripRecorded) io.courtyard.testsupport.SampleEvents.of(EventType.TRIP_RECORDED);
        assertThat(t.toString()).doesNotContain("\"household\":\"3-1-702\"").contains("\"household\":\"***\"");
    }
}
