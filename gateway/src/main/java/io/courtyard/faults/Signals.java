package io.courtyard.faults;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.DiskAlarm;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.TamperAlarm;
import java.util.Locale;

/**
 * Reads fault signals out of journal events: gate alarms (forced, held open), tamper switches,
 * devices going offline and coming back, power failures, the journal's disk alarm, and the fault
 * lifecycle events themselves. Every other event means nothing here.
 */
final class Signals {
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
            case ACCESS_DECIDED,
                    RIDE_RECORDED,
                    EMERGENCY_CHANGED,
                    ACL_APPLIED,
                    ACL_REFUSED,
                    COMMAND_REFUSED,
                    GATEWAY_STARTED,
                    GATE_INPUT,
                    BILL_ISSUED,
                    USAGE_SUMMARY,
                    UNREADABLE -> null;
        };
    }

    private Signal raisedOrCleared(AlarmState state, String device, String type, JournalEvent je) {
        return state == AlarmState.RAISED
                ? new Signal.Raise(device, type, types.elevatorOf(device), je.ts())
                : new Signal.Clear(device, type, je.ts());
    }
}
