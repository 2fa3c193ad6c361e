package io.courtyard.device.drivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.Decision;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.EventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal events the drivers write themselves: door and tamper ALARMs (which jump the upstream
 * backlog), RIDEs, and the gates' door and exit-button changes as DEVICE telemetry. Decisions are not among them: the access service journals every one.
 * Appends never wait; a failed one is logged (the journal counts its own rejections).
 */
final class DriverEvents {
    static final String TAMPER = "tamper";
    private static final Logger log = LoggerFactory.getLogger(DriverEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSink events;

    DriverEvents(EventSink events) {
        this.events = events;
    }

    /** {@code {"alarm":"door-forced-open","state":"raised","door":"north-gate",...}}. */
    void door(Gate gate, Door.Change c) {
        ObjectNode b = JSON.createObjectNode()
                .put("alarm", c.alarm().tag())
                .put("state", c.state())
                .put("door", gate.id())
                .put("name", gate.name())
                .put("openedAt", c.openedAt().toString());
        if (!c.raised()) {
            b.put("openForMs", Duration.between(c.openedAt(), c.at()).toMillis());
        }
        append(EventKind.ALARM, gate.id(), c.at(), b);
    }

    /**
     * The gate's door contact or exit button changed: low-priority DEVICE telemetry, the trail that
     * ties a grant to the opening that followed it.
     *
     * @param state {@code door-open}, {@code door-closed} or {@code exit-request}
     */
    void gateState(Gate gate, String state, Instant at) {
        append(
                EventKind.DEVICE,
                gate.id(),
                at,
                JSON.createObjectNode().put("state", state).put("door", gate.id()));
    }

    /**
     * A PD of a gate or an elevator reports its tamper switch: someone is opening or prying off a
     * reader or a relay board, a security matter, so an ALARM beside the DEVICE status event.
     *
     * @param role {@code door} or {@code elevator}: the key naming the device, as upstream tags it
     */
    void tamper(String role, String device, Pd pd, boolean raised, Instant at) {
        ObjectNode b = JSON.createObjectNode()
                .put("alarm", TAMPER)
                .put("state", raised ? "raised" : "cleared")
                .put(role, device)
                .put("pd", pd.id())
                .put("bus", pd.bus())
                .put("address", pd.address());
        append(EventKind.ALARM, device, at, b);
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
        ObjectNode b = JSON.createObjectNode()
                .put("elevator", elevator.id())
                .put("building", elevator.building())
                .put("unit", elevator.unit())
                .put(
                        "credentialType",
                        d.credential() == null ? null : d.credential().type().tag())
                .put(
                        "credential",
                        d.credential() == null ? null : d.credential().masked())
                .put("subject", d.subject())
                .put("holder", d.holder())
                .put("holderKind", d.holderKind())
                .put("household", d.household())
                .put("fromFloor", fromFloor)
                .put("fromKnown", false)
                .put("toFloor", toFloor)
                .put("selected", selected ? Boolean.TRUE : null)
                .put("grantedAt", grantedAt.toString())
                .put("reason", d.reason().code())
                .put("aclVersion", d.aclVersion());
        append(EventKind.RIDE, elevator.id(), at, b);
    }

    private void append(EventKind kind, String device, Instant at, ObjectNode body) {
        // Nulls are left out, as in access events: absent means "not known".
        List<String> nulls = new ArrayList<>();
        body.fieldNames().forEachRemaining(n -> {
            if (body.get(n).isNull()) {
                nulls.add(n);
            }
        });
        body.remove(nulls);
        events.append(new EventDraft(kind, device, at, at, body.toString())).whenComplete((ok, e) -> {
            if (e != null) {
                log.error("{} {} event not journaled: {}", device, kind.topic(), e.toString());
            }
        });
    }
}
