package io.courtyard.journal.event;

/**
 * Everything the gateway journals: one record per event type, registered with its topic and
 * priority in {@link EventType}. A record declares its members with their types (its components, written in that
 * order after the envelope), which members are personal data ({@link Personal}), which are
 * optional ({@link Nullable}) and which are InfluxDB tags ({@link Tag}). {@link EventCodec} is the
 * one place that turns them into JSON and back. Consumers switch exhaustively over {@link #eventType()}.
 */
public sealed interface Event
        permits AccessDecided,
                RideRecorded,
                DoorAlarm,
                TamperAlarm,
                EmergencyChanged,
                DiskAlarm,
                ClockAlarm,
                AclApplied,
                AclRefused,
                CommandRefused,
                GatewayStarted,
                GatewayRestored,
                ClockSkewChanged,
                DeviceOnline,
                DeviceOffline,
                DeviceStatus,
                GateInput,
                AntiPassbackReset,
                KeypadLocked,
                SecureChannelViolation,
                KeyProvisioned,
                PlateReadDecided,
                PlateWithheld,
                CameraOffline,
                BarrierCommandFailed,
                MonitorStatusReported,
                FaultReported,
                ServiceChanged,
                TripRecorded,
                MonitorOnline,
                MonitorOffline,
                MonitorMessage,
                FaultChanged,
                PassengerAlarm,
                CommandResult,
                BillIssued,
                FaultLifecycle,
                UsageSummary,
                OperatorLogin,
                OperatorLogout,
                OperatorAction,
                OperatorExport,
                Unreadable {

    /** Its declared type; consumers switch over it. */
    default EventType eventType() {
        return EventType.of(getClass());
    }

    /**
     * The upstream topic, priority and purgeability of this event: its type's, or for the types
     * published on two topics, the record's own {@code kind} member.
     */
    default EventKind kind() {
        return eventType().kind();
    }
}
