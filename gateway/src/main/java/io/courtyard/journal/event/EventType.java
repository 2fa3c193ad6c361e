package io.courtyard.journal.event;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The event types, one per record of {@link Event}, each with the topic it is published on: the
 * journal stores the wire name ({@code access-decided}) beside each body, and consumers switch over
 * these constants, which the compiler holds to every type.
 */
public enum EventType {
    ACCESS_DECIDED(AccessDecided.class, EventKind.ACCESS),
    RIDE_RECORDED(RideRecorded.class, EventKind.RIDE),
    DOOR_ALARM(DoorAlarm.class, EventKind.ALARM),
    TAMPER_ALARM(TamperAlarm.class, EventKind.ALARM),
    EMERGENCY_CHANGED(EmergencyChanged.class, EventKind.ALARM),
    DISK_ALARM(DiskAlarm.class, EventKind.ALARM),
    ACL_APPLIED(AclApplied.class, EventKind.DEVICE),
    ACL_REFUSED(AclRefused.class, EventKind.DEVICE, EventKind.ALARM),
    COMMAND_REFUSED(CommandRefused.class, EventKind.DEVICE, EventKind.ALARM),
    GATEWAY_STARTED(GatewayStarted.class, EventKind.DEVICE),
    DEVICE_ONLINE(DeviceOnline.class, EventKind.DEVICE),
    DEVICE_OFFLINE(DeviceOffline.class, EventKind.DEVICE),
    DEVICE_STATUS(DeviceStatus.class, EventKind.DEVICE),
    GATE_INPUT(GateInput.class, EventKind.DEVICE),
    ANTI_PASSBACK_RESET(AntiPassbackReset.class, EventKind.ACCESS),
    KEYPAD_LOCKED(KeypadLocked.class, EventKind.ALARM),
    SECURE_CHANNEL_VIOLATION(SecureChannelViolation.class, EventKind.ALARM),
    KEY_PROVISIONED(KeyProvisioned.class, EventKind.DEVICE),
    PLATE_READ(PlateReadDecided.class, EventKind.ACCESS),
    PLATE_WITHHELD(PlateWithheld.class, EventKind.ACCESS),
    CAMERA_OFFLINE(CameraOffline.class, EventKind.ALARM),
    BARRIER_COMMAND_FAILED(BarrierCommandFailed.class, EventKind.DEVICE),
    MONITOR_STATUS(MonitorStatusReported.class, EventKind.DEVICE),
    FAULT_REPORTED(FaultReported.class, EventKind.DEVICE),
    SERVICE_CHANGED(ServiceChanged.class, EventKind.DEVICE),
    TRIP_RECORDED(TripRecorded.class, EventKind.DEVICE),
    MONITOR_ONLINE(MonitorOnline.class, EventKind.DEVICE),
    MONITOR_OFFLINE(MonitorOffline.class, EventKind.DEVICE),
    MONITOR_MESSAGE(MonitorMessage.class, EventKind.DEVICE),
    FAULT_CHANGED(FaultChanged.class, EventKind.FAULT),
    PASSENGER_ALARM(PassengerAlarm.class, EventKind.ALARM),
    COMMAND_RESULT(CommandResult.class, EventKind.DEVICE, EventKind.ALARM),
    CLOCK_ALARM(ClockAlarm.class, EventKind.ALARM),
    CLOCK_SKEW(ClockSkewChanged.class, EventKind.DEVICE),
    GATEWAY_RESTORED(GatewayRestored.class, EventKind.DEVICE),
    BILL_ISSUED(BillIssued.class, EventKind.BILL),
    FAULT_LIFECYCLE(FaultLifecycle.class, EventKind.FAULT, EventKind.ALARM),
    USAGE_SUMMARY(UsageSummary.class, EventKind.USAGE),
    OPERATOR_LOGIN(OperatorLogin.class, EventKind.AUDIT),
    OPERATOR_LOGOUT(OperatorLogout.class, EventKind.AUDIT),
    OPERATOR_ACTION(OperatorAction.class, EventKind.AUDIT),
    OPERATOR_EXPORT(OperatorExport.class, EventKind.AUDIT),
    /** A stored body that matches no declared type; only the journal's reader makes these. */
    UNREADABLE(Unreadable.class, EventKind.values());

    private static final Map<String, EventType> BY_WIRE = new HashMap<>();
    private static final ClassValue<EventType> BY_RECORD = new ClassValue<>() {
        @Override
        protected EventType computeValue(Class<?> type) {
            for (EventType t : values()) {
                if (t.record == type) {
                    return t;
                }
            }
            throw new IllegalArgumentException(type + " is no event type");
        }
    };

    static {
        for (EventType t : values()) {
            BY_WIRE.put(t.wire(), t);
        }
    }

    private final Class<? extends Event> record;
    private final Set<EventKind> kinds;
    private final EventKind kind;
    private final String wire;
    private volatile Shape shape;

    /** @param kinds the topic, or the topics its producer chooses from (the record's {@code kind}) */
    EventType(Class<? extends Event> record, EventKind... kinds) {
        this.record = record;
        this.kinds = Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(kinds)));
        this.kind = kinds.length == 1 ? kinds[0] : null;
        this.wire = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The topic every event of this type is published on; null where its producer chooses. */
    public EventKind kind() {
        return kind;
    }

    /** Every topic an event of this type may be published on. */
    public Set<EventKind> kinds() {
        return kinds;
    }

    static EventType of(Class<? extends Event> record) {
        return BY_RECORD.get(record);
    }

    /** The name stored in the journal's type column. */
    public String wire() {
        return wire;
    }

    public Class<? extends Event> record() {
        return record;
    }

    /** The declared members; built on first use, since the records name their type back. */
    public Shape shape() {
        Shape s = shape;
        if (s == null) {
            s = Shape.of(record.asSubclass(Record.class));
            shape = s;
        }
        return s;
    }

    /** The type stored under {@code wire}, or null. */
    public static EventType named(String wire) {
        return BY_WIRE.get(wire);
    }
}
