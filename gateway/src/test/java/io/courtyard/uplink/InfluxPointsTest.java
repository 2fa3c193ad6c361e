package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.influxdb.client.write.Point;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.SampleEvents;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxPointsTest {
    private static final Instant TS = Instant.parse("2025-03-01T08:00:00.123456789Z");
    private static final long TS_MS_NANOS = TS.toEpochMilli() * 1_000_000L;

    private final InfluxPoints points = new InfluxPoints("yard-7");

    private static JournalEvent event(long seq, String device, Instant ts, Event e) {
        return new JournalEvent(seq, "yard-7-a-" + seq, device, ts, ts.plusSeconds(2), e);
    }

    private Point point(JournalEvent e) {
        return points.toPoint(e).orElseThrow();
    }

    @Test
    void rideBecomesRidePointWithFloorTagsNumericFieldsAndDeviceTime() {
        JournalEvent e = event(42, "lift-1", TS, SampleEvents.of(EventType.RIDE_RECORDED));

        assertEquals(
                "ride,device=lift-1,elevator=elevator-3-1,fromFloor=1,site=yard-7,toFloor=7"
                        + " aclVersion=42.0,fromKnown=false,id=\"yard-7-a-42\",seq=42i " + (TS_MS_NANOS + 42),
                point(e).toLineProtocol());
    }

    @Test
    void alarmTypesStayApartAsATag() {
        String line = point(event(9, "north-gate", TS, SampleEvents.of(EventType.DOOR_ALARM)))
                .toLineProtocol();
        assertTrue(
                line.startsWith("alarm,") && line.contains("alarm=door-forced-open") && line.contains("state=cleared"),
                line);
    }

    @Test
    void eachKindHasItsOwnMeasurement() {
        for (Event e : SampleEvents.all().values()) {
            String line = point(event(1, "d", TS, e)).toLineProtocol();
            assertTrue(line.startsWith(e.kind().topic() + ","), line);
        }
    }

    @Test
    void sameEventAlwaysMapsToTheSamePointSoARedeliveryOverwritesIt() throws InterruptedException {
        JournalEvent e = event(7, "gate-1", TS, SampleEvents.of(EventKind.ACCESS));
        String first = point(e).toLineProtocol();
        Thread.sleep(5);
        assertEquals(first, new InfluxPoints("yard-7").toPoint(e).orElseThrow().toLineProtocol());
    }

    @Test
    void timestampIsDeviceTimeToTheMillisecondPlusSeqNanosecondsNeverTheWriteTime() {
        Point p = point(event(1_000_003, "m", TS, SampleEvents.of(EventKind.DEVICE)));
        assertEquals(TS_MS_NANOS + 3, p.getTime().longValue());
        assertEquals(TS.toEpochMilli(), p.getTime().longValue() / 1_000_000L);
    }

    @Test
    void twoEventsInTheSameDeviceSecondStayTwoPoints() {
        Instant whole = Instant.parse("2025-03-01T08:00:00Z");
        Point a = point(event(10, "m", whole, SampleEvents.of(EventKind.DEVICE)));
        Point b = point(event(11, "m", whole, SampleEvents.of(EventKind.DEVICE)));
        assertEquals(a.getTags(), b.getTags());
        assertNotEquals(a.getTime(), b.getTime());
    }

    @Test
    void personalDataIsNeverWrittenMaskedOrNot() {
        AccessDecided unknown = new AccessDecided(
                AccessDecided.Decision.DENY,
                "unknown-credential",
                "entry",
                "plate",
                "plate:京A***45",
                "plate:京A12345",
                null,
                null,
                null,
                "3-2-502",
                "plate:京A***45 is not in access list version 4",
                4,
                null,
                null);
        String line = point(event(3, "barrier-1", TS, unknown)).toLineProtocol();
        assertFalse(line.contains("12345"), line);
        assertFalse(line.contains("***"), line);
        assertFalse(line.contains("502"), line);
        assertFalse(line.contains("rule"), "free text is no tag: " + line);
        assertTrue(line.contains("decision=deny") && line.contains("reason=unknown-credential"), line);
    }

    @Test
    void tagValuesAreSanitisedAndBounded() {
        DoorAlarm odd = new DoorAlarm(
                DoorAlarm.Alarm.DOOR_HELD_OPEN, AlarmState.RAISED, "E1\n,x=y\\" + "s".repeat(200), null, TS, null);
        Point p = point(event(1, "mon\\1", TS, odd));
        Map<String, String> tags = p.getTags();
        assertEquals("mon_1", tags.get("device"));
        assertEquals(InfluxPoints.MAX_TAG_LENGTH, tags.get("door").length());
        assertTrue(tags.get("door").startsWith("E1_,x=y_s"), tags.get("door"));
        // The client escapes the separators; nothing may end in a backslash that would swallow one.
        assertTrue(p.toLineProtocol().contains("device=mon_1,door=E1_\\,x\\=y_s"), p.toLineProtocol());
    }

    @Test
    void anEmptyTagValueIsLeftOut() {
        Point p = point(event(
                1,
                "m",
                TS,
                new io.courtyard.journal.event.GateInput(io.courtyard.journal.event.GateInput.Change.DOOR_OPEN, " ")));
        assertFalse(p.getTags().containsKey("door"), p.getTags()::toString);
    }

    @Test
    void numbersAreAlwaysFloatFieldsSoTheirTypeCannotConflictBetweenEvents() {
        Point p = point(event(1, "m", TS, new DeviceStatus("bus", 3, true, false)));
        assertEquals(3.0, p.getFields().get("address"));
        assertEquals(true, p.getFields().get("tamper"));
        assertEquals(false, p.getFields().get("powerFailure"));
    }

    @Test
    void numericTagsAreSpelledAsIntegers() {
        RideRecorded ride = new RideRecorded(
                "l", "1", "1", null, null, null, null, null, null, null, false, 5, null, TS, "granted", 1);
        assertEquals("5", point(event(1, "l", TS, ride)).getTags().get("toFloor"));
    }

    @Test
    void listsAndObjectsAreNotWritten() {
        Point p = point(event(1, "gate", TS, SampleEvents.of(EventType.EMERGENCY_CHANGED)));
        assertEquals(Map.of("seq", 1L, "id", "yard-7-a-1"), p.getFields());
        assertEquals(Map.of("site", "yard-7", "device", "gate", "alarm", "emergency", "state", "raised"), p.getTags());
    }

    @Test
    void anUnreadableEventStillYieldsTheEnvelopePoint() {
        Point p = point(event(5, "g", TS, EventCodec.decode(EventKind.ACCESS, null, "{not json")));
        assertEquals(Map.of("seq", 5L, "id", "yard-7-a-5"), p.getFields());
    }

    @Test
    void deviceTimeOutsideInfluxRangeYieldsNoPoint() {
        Event e = SampleEvents.of(EventKind.DEVICE);
        assertTrue(points.toPoint(event(1, "m", Instant.parse("2300-01-01T00:00:00Z"), e))
                .isEmpty());
        assertTrue(points.toPoint(event(1, "m", Instant.parse("1600-01-01T00:00:00Z"), e))
                .isEmpty());
        assertTrue(points.toPoint(event(1, "m", Instant.EPOCH, e)).isPresent());
    }
}
