package io.courtyard.device.drivers;

import io.courtyard.access.Decision;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.GateInput;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.journal.event.TamperAlarm;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal events the drivers write themselves, built here and nowhere else: door and tamper
 * alarms (which jump the upstream backlog), rides, and the gates' door and exit-button changes as
 * device telemetry. Decisions are not among them: the access service journals every one. Appends
 * never wait; a failed one is logged (the journal counts its own rejections).
 */
final class DriverEvents {
    static final String TAMPER = "tamper";
    private static final Logger log = LoggerFactory.getLogger(DriverEvents.class);

    private final EventSink events;

    DriverEvents(EventSink events) {
        this.events = events;
    }

    void door(Gate gate, Door.Change c) {
        append(
                gate.id(),
                c.at(),
                new DoorAlarm(
                        c.alarm() == Door.Alarm.FORCED
                                ? DoorAlarm.Alarm.DOOR_FORCED_OPEN
                                : DoorAlarm.Alarm.DOOR_HELD_OPEN,
                        AlarmState.of(c.raised()),
                        gate.id(),
                        gate.name(),
                        c.openedAt(),
                        c.raised()
                                ? null
                                : Duration.between(c.openedAt(), c.at()).toMillis()));
    }

    /** The gate's door contact or exit button changed. */
    void gateState(Gate gate, GateInput.Change change, Instant at) {
        append(gate.id(), at, new GateInput(change, gate.id()));
    }

    /**
     * A PD of a gate or an elevator reports its tamper switch: someone is opening or prying off a
     * reader or a relay board, a security matter, so an alarm beside the device status event.
     *
     * @param role {@code door} or {@code elevator}: the member naming the device, as upstream tags it
     */
    void tamper(String role, String device, Pd pd, boolean raised, Instant at) {
        boolean door = role.equals("door");
        append(
                device,
                at,
                new TamperAlarm(
                        AlarmState.of(raised),
                        door ? device : null,
                        door ? null : device,
                        pd.id(),
                        pd.bus(),
                        pd.address()));
    }

    /**
     * A ride: the grant's holder pressed {@code toFloor}. Personal data as in access events: the
     * credential masked, the access-list subject as the link to it.
     *
     * @param fromFloor where the ride is assumed to start, null when unknown; see {@link ElevatorDriver}
     * @param selected the gateway pressed {@code toFloor} for the passenger (control: select)
     */
    void ride(
            Elevator elevator,
            Decision d,
            Integer fromFloor,
            int toFloor,
            Instant grantedAt,
            Instant at,
            boolean selected) {
        append(
                elevator.id(),
                at,
                new RideRecorded(
                        elevator.id(),
                        elevator.building(),
                        elevator.unit(),
                        d.credential() == null ? null : d.credential().type().tag(),
                        d.credential() == null ? null : d.credential().masked(),
                        d.subject(),
                        d.holder(),
                        d.holderKind(),
                        d.household(),
                        fromFloor,
                        false,
                        toFloor,
                        selected ? Boolean.TRUE : null,
                        grantedAt,
                        d.reason().code(),
                        d.aclVersion()));
    }

    private void append(String device, Instant at, Event event) {
        events.append(EventDraft.at(device, at, event)).whenComplete((ok, e) -> {
            if (e != null) {
                log.error("{} {} event not journaled: {}", device, event.kind().topic(), e.toString());
            }
        });
    }
}
