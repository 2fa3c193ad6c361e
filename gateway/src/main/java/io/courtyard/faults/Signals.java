package io.courtyard.faults;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.CameraOffline;
import io.courtyard.journal.event.ClockAlarm;
import io.courtyard.journal.event.ClockSkewChanged;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.DiskAlarm;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.FaultChanged;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.MonitorOffline;
import io.courtyard.journal.event.PassengerAlarm;
import io.courtyard.journal.event.ServiceChanged;
import io.courtyard.journal.event.TamperAlarm;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads fault signals out of journal events: gate alarms (forced, held open), tamper switches,
 * devices, monitors and cameras going offline and coming back, power failures, the journal's disk
 * alarm, the gateway's clock alarm and devices' clock skew, the monitors' debounced faults (transients included) and passenger alarms, service modes,
 * failed barrier commands, and the fault lifecycle events themselves. Every other event means
 * nothing here.
 */
final class Signals {
    /** The types {@link #of} finds a signal in; the projection leaves every other event undecoded. */
    static final Set<EventType> READS = Collections.unmodifiableSet(EnumSet.of(
            EventType.DOOR_ALARM,
            EventType.TAMPER_ALARM,
            EventType.DISK_ALARM,
            EventType.DEVICE_OFFLINE,
            EventType.DEVICE_ONLINE,
            EventType.DEVICE_STATUS,
            EventType.FAULT_LIFECYCLE,
            EventType.FAULT_CHANGED,
            EventType.PASSENGER_ALARM,
            EventType.MONITOR_OFFLINE,
            EventType.MONITOR_ONLINE,
            EventType.CAMERA_OFFLINE,
            EventType.BARRIER_COMMAND_FAILED,
            EventType.SERVICE_CHANGED,
            EventType.CLOCK_ALARM,
            EventType.CLOCK_SKEW));

    private final FaultTypes types;

    Signals(FaultTypes types) {
        this.types = types;
    }

    /** The signal in {@code je}, or null. */
    Signal of(JournalEvent je) {
        String device = je.deviceId();
        return switch (je.event().eventType()) {
            case DOOR_ALARM -> {
                DoorAlarm a = (DoorAlarm) je.event();
                String type = a.alarm().name().toLowerCase(Locale.ROOT).replace('_', '-');
                yield raisedOrCleared(a.state(), device, type, je);
            }
            case TAMPER_ALARM -> raisedOrCleared(((TamperAlarm) je.event()).state(), device, "tamper", je);
            case DISK_ALARM -> raisedOrCleared(((DiskAlarm) je.event()).state(), device, "disk-alarm", je);
            case CLOCK_ALARM -> raisedOrCleared(((ClockAlarm) je.event()).state(), device, "clock-alarm", je);
            case CLOCK_SKEW -> ((ClockSkewChanged) je.event()).clock() == ClockSkewChanged.ClockState.SKEWED
                    ? new Signal.Raise(device, "clock-skew", types.elevatorOf(device), je.ts())
                    : new Signal.Clear(device, "clock-skew", je.ts());
            case DEVICE_OFFLINE -> new Signal.Raise(device, "device-offline", types.elevatorOf(device), je.ts());
            case DEVICE_ONLINE -> new Signal.Clear(device, "device-offline", je.ts());
            case DEVICE_STATUS -> {
                DeviceStatus s = (DeviceStatus) je.event();
                yield s.powerFailure()
                        ? new Signal.Raise(device, "power-failure", types.elevatorOf(device), je.ts())
                        : new Signal.Clear(device, "power-failure", je.ts());
            }
            case FAULT_LIFECYCLE -> {
                FaultLifecycle f = (FaultLifecycle) je.event();
                yield f.origin() == FaultLifecycle.Origin.DEVICE
                        ? new Signal.Echo(f)
                        : new Signal.Action(device, f, je.ts());
            }
            case FAULT_CHANGED -> monitorFault((FaultChanged) je.event(), device, je);
            case PASSENGER_ALARM -> {
                PassengerAlarm a = (PassengerAlarm) je.event();
                yield a.state() == AlarmState.RAISED
                        ? new Signal.Raise(device, a.alarm(), a.elevator(), je.ts())
                        : new Signal.Clear(device, a.alarm(), je.ts());
            }
            case MONITOR_OFFLINE -> new Signal.Raise(
                    device, "device-offline", ((MonitorOffline) je.event()).elevator(), je.ts());
            case MONITOR_ONLINE -> new Signal.Clear(device, "device-offline", je.ts());
            case CAMERA_OFFLINE -> raisedOrCleared(((CameraOffline) je.event()).state(), device, "camera-offline", je);
            case BARRIER_COMMAND_FAILED -> new Signal.Raise(device, "barrier-command-failed", null, je.ts());
            case SERVICE_CHANGED -> {
                ServiceChanged c = (ServiceChanged) je.event();
                String type = FaultTypes.SERVICE_PREFIX + c.service();
                yield c.change() == ServiceChanged.Change.STARTED
                        ? new Signal.Raise(device, type, c.elevator(), "info", je.ts())
                        : new Signal.Clear(device, type, je.ts());
            }
            case ANTI_PASSBACK_RESET,
                    COMMAND_RESULT,
                    GATEWAY_RESTORED,
                    KEYPAD_LOCKED,
                    SECURE_CHANNEL_VIOLATION,
                    KEY_PROVISIONED,
                    PLATE_READ,
                    PLATE_WITHHELD,
                    MONITOR_STATUS,
                    FAULT_REPORTED,
                    TRIP_RECORDED,
                    MONITOR_MESSAGE,
                    ACCESS_DECIDED,
                    RIDE_RECORDED,
                    EMERGENCY_CHANGED,
                    ACL_APPLIED,
                    ACL_REFUSED,
                    COMMAND_REFUSED,
                    GATEWAY_STARTED,
                    GATE_INPUT,
                    BILL_ISSUED,
                    USAGE_SUMMARY,
                    OPERATOR_LOGIN,
                    OPERATOR_LOGOUT,
                    OPERATOR_ACTION,
                    OPERATOR_EXPORT,
                    UNREADABLE -> null;
        };
    }

    /**
     * A monitor's debounced fault. A type whose vocabulary entry raises a safety alarm (trapped at a
     * floor, between floors) is kept as that alarm's fault ({@code trapped-passenger}, with its
     * rescue clock) so the crew sees one fault per incident, not two.
     */
    private Signal monitorFault(FaultChanged f, String device, JournalEvent je) {
        if (types.raisesAlarm(f.fault())) {
            return null;
        }
        return switch (f.state()) {
            case RAISED -> new Signal.Raise(device, f.fault(), f.elevator(), f.severity(), je.ts());
            case CLEARED -> new Signal.Clear(device, f.fault(), je.ts());
            case TRANSIENT -> new Signal.Transient(device, f.fault(), je.ts());
        };
    }

    private Signal raisedOrCleared(AlarmState state, String device, String type, JournalEvent je) {
        return state == AlarmState.RAISED
                ? new Signal.Raise(device, type, types.elevatorOf(device), je.ts())
                : new Signal.Clear(device, type, je.ts());
    }
}
