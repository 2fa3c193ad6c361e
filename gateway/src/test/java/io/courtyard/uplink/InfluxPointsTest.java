package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.influxdb.client.write.Point;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.JournalEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxPointsTest {
    private static final Instant TS = Instant.parse("2025-03-01T08:00:00.123456789Z");
    private static final long TS_MS_NANOS = TS.toEpochMilli() * 1_000_000L;

    private final InfluxPoints points = new InfluxPoints("yard-7");

    private static JournalEvent event(long seq, EventKind kind, String device, Instant ts, String body) {
        return new JournalEvent(seq, "yard-7-a-" + seq, kind, device, ts, ts.plusSeconds(2), body);
    }

    private Point point(JournalEvent e) {
        return points.toPoint(e).orElseThrow();
    }

    @Test
    void rideBecomesRidePointWithFloorTagsNumericFieldsAndDeviceTime() {
        JournalEvent e = event(
                42,
                EventKind.RIDE,
                "lift-1",
                TS,
                "{\"elevator\":\"B1-U1\",\"fromFloor\":1,\"toFloor\":12,\"card\":\"12345678\","
                        + "\"household\":\"1-1-1201\",\"durationMs\":5300,\"fare\":0.5,\"ok\":true}");

        assertEquals(
                "ride,device=lift-1,elevator=B1-U1,fromFloor=1,site=yard-7,toFloor=12"
                        + " durationMs=5300.0,fare=0.5,id=\"yard-7-a-42\",ok=true,seq=42i " + (TS_MS_NANOS + 42),
                point(e).toLineProtocol());
    }

    @Test
    void alarmTypesStayApartAsATag() {
        String line = point(event(
                        9, EventKind.ALARM, "north-gate", TS, "{\"alarm\":\"door-forced-open\",\"state\":\"raised\"}"))
                .toLineProtocol();
        assertTrue(
                line.startsWith("alarm,") && line.contains("alarm=door-forced-open") && line.contains("state=raised"),
                line);
    }

    @Test
    void eachKindHasItsOwnMeasurement() {
        for (EventKind kind : EventKind.values()) {
            String line = point(event(1, kind, "d", TS, "{}")).toLineProtocol();
            assertTrue(line.startsWith(kind.topic() + ","), line);
        }
    }

    @Test
    void sameEventAlwaysMapsToTheSamePointSoARedeliveryOverwritesIt() throws InterruptedException {
        JournalEvent e = event(7, EventKind.ACCESS, "gate-1", TS, "{\"decision\":\"grant\",\"reason\":\"resident\"}");
        String first = point(e).toLineProtocol();
        Thread.sleep(5);
        assertEquals(first, new InfluxPoints("yard-7").toPoint(e).orElseThrow().toLineProtocol());
    }

    @Test
    void timestampIsDeviceTimeToTheMillisecondPlusSeqNanosecondsNeverTheWriteTime() {
        Point p = point(event(1_000_003, EventKind.DEVICE, "m", TS, "{}"));
        assertEquals(TS_MS_NANOS + 3, p.getTime().longValue());
        assertEquals(TS.toEpochMilli(), p.getTime().longValue() / 1_000_000L);
    }

    @Test
    void twoEventsInTheSameDeviceSecondStayTwoPoints() {
        Instant whole = Instant.parse("2025-03-01T08:00:00Z");
        String body = "{\"state\":\"running\"}";
        Point a = point(event(10, EventKind.DEVICE, "m", whole, body));
        Point b = point(event(11, EventKind.DEVICE, "m", whole, body));
        assertEquals(a.getTags(), b.getTags());
        assertNotEquals(a.getTime(), b.getTime());
    }

    @Test
    void cardNumbersPlatesAndFreeTextAreNeverWritten() {
        String line = point(event(
                        3,
                        EventKind.ACCESS,
                        "barrier-1",
                        TS,
                        "{\"decision\":\"deny\",\"plate\":\"京A12345\",\"card\":12345678,"
                                + "\"cardNumber\":\"99887766\",\"visitor\":\"Mr Li\",\"household\":\"3-2-502\"}"))
                .toLineProtocol();
        assertFalse(line.contains("12345"), line);
        assertFalse(line.contains("99887766"), line);
        assertFalse(line.contains("Li"), line);
        assertFalse(line.contains("502"), line);
        assertTrue(line.contains("decision=deny"), line);
    }

    @Test
    void tagValuesAreSanitisedAndBounded() {
        Point p = point(event(
                1,
                EventKind.FAULT,
                "mon\\1",
                TS,
                "{\"code\":\"E1\\n,x=y\\\\\",\"state\":\"" + "s".repeat(200) + "\",\"severity\":\"\"}"));
        Map<String, String> tags = p.getTags();
        assertEquals("mon_1", tags.get("device"));
        assertEquals("E1_,x=y_", tags.get("code"));
        assertEquals(InfluxPoints.MAX_TAG_LENGTH, tags.get("state").length());
        assertFalse(tags.containsKey("severity"), "an empty tag is left out: " + tags);
        // The client escapes the separators; nothing may end in a backslash that would swallow one.
        assertTrue(p.toLineProtocol().contains("code=E1_\\,x\\=y_,device=mon_1"), p.toLineProtocol());
    }

    @Test
    void numbersAreAlwaysFloatFieldsSoTheirTypeCannotConflictBetweenEvents() {
        Point whole = point(event(1, EventKind.DEVICE, "m", TS, "{\"load\":1}"));
        Point fraction = point(event(2, EventKind.DEVICE, "m", TS, "{\"load\":1.5}"));
        assertEquals(1.0, whole.getFields().get("load"));
        assertEquals(1.5, fraction.getFields().get("load"));
    }

    @Test
    void numericTagIsSpelledTheSameWhateverItsJsonSpelling() {
        Point a = point(event(1, EventKind.RIDE, "l", TS, "{\"toFloor\":5}"));
        Point b = point(event(2, EventKind.RIDE, "l", TS, "{\"toFloor\":5.0}"));
        Point c = point(event(3, EventKind.RIDE, "l", TS, "{\"toFloor\":\"5\"}"));
        assertEquals("5", a.getTags().get("toFloor"));
        assertEquals("5", b.getTags().get("toFloor"));
        assertEquals("5", c.getTags().get("toFloor"));
    }

    @Test
    void bodyCannotOverrideTheEnvelope() {
        Point p = point(event(
                9,
                EventKind.ALARM,
                "gate-2",
                TS,
                "{\"seq\":1,\"id\":\"forged\",\"site\":\"other\",\"type\":\"forced_door\"}"));
        assertEquals(9L, p.getFields().get("seq"));
        assertEquals("yard-7-a-9", p.getFields().get("id"));
        assertEquals("yard-7", p.getTags().get("site"));
        assertEquals("forced_door", p.getTags().get("type"));
    }

    @Test
    void nestedValuesAndOddKeysAreSkippedNotFatal() {
        Point p = point(
                event(1, EventKind.DEVICE, "m", TS, "{\"nested\":{\"a\":1},\"list\":[1,2],\"bad key\":1,\"ok\":2}"));
        assertEquals(Map.of("seq", 1L, "id", "yard-7-a-1", "ok", 2.0), p.getFields());
    }

    @Test
    void malformedBodyStillYieldsTheEnvelopePoint() {
        Point p = point(event(5, EventKind.ACCESS, "g", TS, "{not json"));
        assertEquals(Map.of("seq", 5L, "id", "yard-7-a-5"), p.getFields());
    }

    @Test
    void deviceTimeOutsideInfluxRangeYieldsNoPoint() {
        assertTrue(points.toPoint(event(1, EventKind.DEVICE, "m", Instant.parse("2300-01-01T00:00:00Z"), "{}"))
                .isEmpty());
        assertTrue(points.toPoint(event(1, EventKind.DEVICE, "m", Instant.parse("1600-01-01T00:00:00Z"), "{}"))
                .isEmpty());
        assertTrue(points.toPoint(event(1, EventKind.DEVICE, "m", Instant.EPOCH, "{}"))
                .isPresent());
    }
}
