package io.courtyard.testsupport;

import io.courtyard.config.BillingConfig;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AclApplied;
import io.courtyard.journal.event.AclRefused;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.AntiPassbackReset;
import io.courtyard.journal.event.BarrierCommandFailed;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.journal.event.CameraOffline;
import io.courtyard.journal.event.CardPresentation;
import io.courtyard.journal.event.ClockAlarm;
import io.courtyard.journal.event.ClockSkewChanged;
import io.courtyard.journal.event.CommandRefused;
import io.courtyard.journal.event.CommandResult;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.DiskAlarm;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.EmergencyChanged;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.FaultChanged;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultReported;
import io.courtyard.journal.event.GateInput;
import io.courtyard.journal.event.GatewayRestored;
import io.courtyard.journal.event.GatewayStarted;
import io.courtyard.journal.event.KeyProvisioned;
import io.courtyard.journal.event.KeypadLocked;
import io.courtyard.journal.event.MonitorMessage;
import io.courtyard.journal.event.MonitorOffline;
import io.courtyard.journal.event.MonitorOnline;
import io.courtyard.journal.event.MonitorStatusReported;
import io.courtyard.journal.event.OperatorAction;
import io.courtyard.journal.event.OperatorExport;
import io.courtyard.journal.event.OperatorLogin;
import io.courtyard.journal.event.OperatorLogout;
import io.courtyard.journal.event.PassengerAlarm;
import io.courtyard.journal.event.PlateReadDecided;
import io.courtyard.journal.event.PlateWithheld;
import io.courtyard.journal.event.RawJson;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.journal.event.SecureChannelViolation;
import io.courtyard.journal.event.ServiceChanged;
import io.courtyard.journal.event.TamperAlarm;
import io.courtyard.journal.event.TripRecorded;
import io.courtyard.journal.event.UsageSummary;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One realistic event of every type, with every optional member filled where the type has one:
 * the golden wire files are written from these, and tests that need "an event of kind X" take
 * one from here instead of inventing a body.
 */
public final class SampleEvents {
    public static final Instant AT = Instant.parse("2026-03-01T08:15:30.120Z");

    private static final Map<EventType, Event> SAMPLES = new EnumMap<>(EventType.class);

    /** A card presented at an elevator's reader, as trips and passenger alarms list them. */
    private static final CardPresentation CARD = new CardPresentation(
            Instant.parse("2026-03-01T08:14:40.250Z"),
            AccessDecided.Decision.GRANT,
            "granted",
            "3-1-702",
            "h-3-1-702-a",
            "resident",
            "card:h10301/****67",
            List.of(7));

    static {
        put(new AccessDecided(
                AccessDecided.Decision.GRANT,
                "granted",
                "entry",
                "plate",
                "plate:京A***45",
                null,
                "p-3-1-702",
                "h-3-1-702-a",
                "resident",
                "3-1-702",
                "permit p-3-1-702 (owned space in zone main-lot)",
                42,
                AccessDecided.Actuation.raiseBarrier(),
                new AccessDecided.StateChange("permit:p-3-1-702", null, "zone:main-lot", AccessDecided.Position.IN)));
        put(new RideRecorded(
                "elevator-3-1",
                "3",
                "1",
                "card",
                "card:h10301/****67",
                "c-3-1-702-a",
                "h-3-1-702-a",
                "resident",
                "3-1-702",
                1,
                false,
                7,
                null,
                Instant.parse("2026-03-01T08:15:21.904Z"),
                "granted",
                42));
        put(new DoorAlarm(
                DoorAlarm.Alarm.DOOR_FORCED_OPEN,
                AlarmState.CLEARED,
                "north-gate",
                "North gate",
                Instant.parse("2026-03-01T08:14:52.310Z"),
                37_810L));
        put(new TamperAlarm(AlarmState.RAISED, null, "elevator-3-1", "elevator-3-1-reader", "elevator-3-1-bus", 1));
        put(new EmergencyChanged(
                EmergencyChanged.Mode.FIRE,
                AlarmState.RAISED,
                "input:fire-panel",
                List.of("east-entry", "elevator-3-1", "north-gate")));
        put(new DiskAlarm(
                AlarmState.RAISED,
                "journal over quota: 268500992 of 268435456 bytes, only events that may not be purged remain"));
        put(new ClockAlarm(AlarmState.RAISED, "system clock not synchronised", "timedatectl"));
        put(new AclApplied(AclApplied.MessageType.DELTA, 41, 42, 3, 1, 0, "mqtt"));
        put(new AclRefused(
                EventKind.DEVICE,
                "gap",
                "delta 42 -> 43 but version 41 is applied; a snapshot is needed",
                41,
                AclApplied.MessageType.DELTA,
                43L,
                "mqtt",
                2));
        put(new CommandRefused(EventKind.ALARM, "replay", 0));
        put(new GatewayStarted("0.1.0"));
        put(new GatewayRestored("5f0c2a91", "0b8e44d2", 48_213L, Instant.parse("2026-02-28T23:00:04.512Z"), "0.3.0"));
        put(new ClockSkewChanged(ClockSkewChanged.ClockState.SKEWED, -312.250, 120L));
        put(new DeviceOnline("gates-bus", 1, "secure_channel", "crc", "5c2623", 3, 305419896L, "2.4.17"));
        put(new DeviceOffline("gates-bus", 1, "no reply to 8 polls"));
        put(new DeviceStatus("gates-bus", 1, true, false));
        put(new GateInput(GateInput.Change.DOOR_OPEN, "north-gate"));
        put(new AntiPassbackReset("holder:h-3-1-702-a", "pair:lobby", "operator:wang", 1));
        put(new KeypadLocked(
                AlarmState.RAISED, 5, 300_000L, Instant.parse("2026-03-01T08:20:30.120Z"), 1, "pin-wrong"));
        put(new SecureChannelViolation("plaintext", "answered RawCardData without a MAC", 3, "gates-bus", 1));
        put(new KeyProvisioned("gates-bus", 1));
        put(new PlateReadDecided(
                AccessDecided.Decision.GRANT,
                "granted",
                "entry",
                "plate",
                "plate:京A***45",
                null,
                "p-3-1-702",
                "h-3-1-702-a",
                "resident",
                "3-1-702",
                "permit p-3-1-702 (owned space in zone main-lot)",
                42,
                AccessDecided.Actuation.raiseBarrier(),
                new AccessDecided.StateChange("permit:p-3-1-702", null, "zone:main-lot", AccessDecided.Position.IN),
                "DS-2CD7A26G0-1",
                "hikvision",
                "hikvision/DS-2CD7A26G0-1/8812",
                "京A***45",
                "exact",
                96,
                false,
                true,
                Instant.parse("2026-03-01T08:15:29.870Z"),
                "blue",
                "white"));
        put(new PlateWithheld(
                "DS-2CD7A26G0-1",
                "hikvision/DS-2CD7A26G0-1/8812",
                "journal-timeout",
                new AccessDecided.StateChange("permit:p-3-1-702", null, "zone:main-lot", AccessDecided.Position.OUT)));
        put(new CameraOffline(AlarmState.RAISED, "DS-2CD7A26G0-1", "hikvision", 95_000L));
        put(new BarrierCommandFailed(
                "DS-2CD7A26G0-1", "hikvision/DS-2CD7A26G0-1/8812", 401, "digest authentication refused"));
        put(new MonitorStatusReported(
                "elevator-3-1",
                "running",
                "up",
                5,
                "closed",
                true,
                "mains",
                "normal",
                1.5,
                120_431L,
                88_210L,
                List.of("E31"),
                new RawJson("{\"loadKg\":320}"),
                null));
        put(new FaultReported(
                "elevator-3-1", "iot-terminal-v1", "93", "trapped-between-floors", AlarmState.RAISED, null, null));
        put(new ServiceChanged("elevator-3-1", "inspection", ServiceChanged.Change.STARTED, "iot-terminal-v1", "80"));
        put(new TripRecorded(
                "elevator-3-1",
                1,
                7,
                "up",
                Instant.parse("2026-03-01T08:15:02.004Z"),
                21_300L,
                6,
                1,
                "normal",
                List.of(CARD)));
        put(new MonitorOnline("elevator-3-1", "connected", "mqtt-3.1.1", "mon-3-1", "10.20.3.41:51022", true, true));
        put(new MonitorOffline("elevator-3-1", "silent", Instant.parse("2026-03-01T08:13:30.000Z"), 120_120L));
        put(new MonitorMessage(
                MonitorMessage.Verdict.MALFORMED,
                "elevator-3-1",
                "status",
                "floor: expected an integer from -5 to 200, found \"roof\"",
                "{\"floor\":\"roof\"}",
                null,
                true));
        put(new FaultChanged(
                "trapped-between-floors",
                FaultChanged.State.RAISED,
                "elevator-3-1",
                "93",
                "iot-terminal-v1",
                1,
                "critical",
                "Passenger trapped between floors",
                "困人（平层外）",
                Instant.parse("2026-03-01T08:15:00.000Z"),
                30_000L,
                null,
                null));
        put(new PassengerAlarm(
                "trapped-passenger",
                AlarmState.RAISED,
                "elevator-3-1",
                "3",
                "1",
                "trapped-between-floors",
                "93",
                "iot-terminal-v1",
                Instant.parse("2026-03-01T08:15:00.000Z"),
                new PassengerAlarm.LastStatus(
                        Instant.parse("2026-03-01T08:14:58.500Z"), 5, "closed", "mains", "stopped", "normal", true),
                List.of(CARD),
                300_000L,
                null));
        put(new BillIssued(
                "2026-10",
                "elevator-3-1",
                "3",
                "1",
                120_000,
                "0.5000",
                "0.5000",
                500,
                30_000L,
                List.of(new BillIssued.Item(
                        "maintenance", BillingConfig.SplitModel.COEFFICIENT, "coefficient", 120_000)),
                List.of(
                        new BillIssued.Line(
                                "3-1-301",
                                3,
                                "92.00",
                                "0.7000",
                                false,
                                false,
                                31,
                                62,
                                List.of("0.41176471"),
                                List.of(49_412),
                                49_412,
                                0,
                                49_412),
                        new BillIssued.Line(
                                "3-1-702",
                                7,
                                "128.40",
                                "1.1000",
                                false,
                                false,
                                12,
                                72,
                                List.of("0.58823529"),
                                List.of(70_588),
                                70_588,
                                0,
                                70_588)),
                "9b3f0d6c2a1e4f5a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"));
        put(new FaultLifecycle(
                EventKind.FAULT,
                "f-81442",
                2,
                "trapped-passenger",
                FaultLifecycle.Severity.CRITICAL,
                FaultLifecycle.Change.ACKNOWLEDGED,
                FaultLifecycle.State.ACKNOWLEDGED,
                FaultLifecycle.Origin.OPERATOR,
                "elevator-3-1",
                Instant.parse("2026-03-01T08:11:02.500Z"),
                "wang.li",
                "crew from Otis on the way",
                null,
                0,
                268_000L,
                null,
                null,
                1_800_000L));
        put(new UsageSummary(
                "2026-10-14",
                "elevator-3-1",
                46,
                212,
                8,
                9,
                List.of(new UsageSummary.Household("3-1-301", 6, 12), new UsageSummary.Household("3-1-702", 4, 24))));
        put(new OperatorLogin(
                OperatorLogin.Outcome.OK, OperatorLogin.Method.PASSWORD, "li.wei", "maintenance", "192.168.10.23"));
        put(new OperatorLogout(OperatorLogout.Reason.IDLE, "li.wei", "maintenance", "192.168.10.23"));
        put(new OperatorAction("ack", "f-81230", "li.wei", "maintenance", "192.168.10.23", "on my way, 10 min", 200));
        put(new OperatorExport(
                "bill-csv",
                "month=2026-10&elevator=elevator-3-1&format=csv",
                "wang.fang",
                "committee",
                "192.168.10.41"));
        put(new CommandResult(
                EventKind.DEVICE,
                "done",
                null,
                "strike released for 3000 ms",
                "gate-open",
                "8f14e45fceea167a5a36dedd4bea2543",
                1207L,
                "north-gate",
                Instant.parse("2026-03-01T08:15:29.000Z"),
                0));
    }

    private SampleEvents() {}

    private static void put(Event e) {
        SAMPLES.put(e.eventType(), e);
    }

    /** The sample of a type; every type but {@link EventType#UNREADABLE} has one. */
    public static Event of(EventType type) {
        Event e = SAMPLES.get(type);
        if (e == null) {
            throw new IllegalArgumentException("no sample of " + type);
        }
        return e;
    }

    /** Every sample, in {@link EventType} order. */
    public static Map<EventType, Event> all() {
        return SAMPLES;
    }

    /** An event published on {@code kind}'s topic. */
    public static Event of(EventKind kind) {
        return switch (kind) {
            case ACCESS -> of(EventType.ACCESS_DECIDED);
            case RIDE -> of(EventType.RIDE_RECORDED);
            case DEVICE -> of(EventType.DEVICE_STATUS);
            case ALARM -> of(EventType.DOOR_ALARM);
            case FAULT -> of(EventType.FAULT_CHANGED);
            case USAGE -> of(EventType.USAGE_SUMMARY);
            case BILL -> of(EventType.BILL_ISSUED);
            case AUDIT -> of(EventType.OPERATOR_LOGIN);
        };
    }

    /**
     * An event of {@code kind} that carries {@code n}, for tests that check order or identity:
     * a device status of PD address {@code n}, an access decision of list version {@code n}, a
     * ride to floor {@code n}, a disk alarm whose reason says {@code n}, a fault change of table
     * version {@code n}.
     */
    public static Event numbered(EventKind kind, int n) {
        return switch (kind) {
            case ACCESS -> new AccessDecided(
                    AccessDecided.Decision.DENY,
                    "unknown-credential",
                    null,
                    "card",
                    "card:h10301/****",
                    "card:h10301/12/" + n,
                    null,
                    null,
                    null,
                    null,
                    null,
                    n,
                    null,
                    null);
            case RIDE -> new RideRecorded(
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
                    n,
                    null,
                    AT,
                    "granted",
                    1);
            case DEVICE -> new DeviceStatus("bus", n, false, false);
            case ALARM -> new DiskAlarm(AlarmState.RAISED, "alarm " + n);
            case FAULT -> new FaultChanged(
                    "door-fault",
                    FaultChanged.State.CLEARED,
                    "elevator-1-1",
                    "E" + n,
                    "iot-terminal-v1",
                    n,
                    "minor",
                    null,
                    null,
                    null,
                    null,
                    null,
                    true);
            case USAGE, BILL, AUDIT -> throw new IllegalArgumentException("no numbered event on " + kind);
        };
    }

    /** The number {@link #numbered} put into the event. */
    public static long number(Event e) {
        return switch (e.eventType()) {
            case ACCESS_DECIDED -> ((AccessDecided) e).aclVersion();
            case RIDE_RECORDED -> ((RideRecorded) e).toFloor();
            case DEVICE_STATUS -> ((DeviceStatus) e).address();
            case DISK_ALARM -> Long.parseLong(((DiskAlarm) e).reason().substring("alarm ".length()));
            case FAULT_CHANGED -> ((FaultChanged) e).tableVersion();
            default -> throw new IllegalArgumentException("not a numbered event: " + e);
        };
    }
}
