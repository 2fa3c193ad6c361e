package io.courtyard.device.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.config.FaultCatalog.Category;
import io.courtyard.config.FaultCatalog.FaultType;
import io.courtyard.device.monitor.RecentCards.Presentation;
import io.courtyard.device.mqtt.DeviceMessages.Connection;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Every journal event of the elevator monitors, built in this one place (README "Elevator monitors"
 * gives their wire formats). The envelope's device is the monitor; every body names its elevator.
 *
 * <ul>
 *   <li>DEVICE (telemetry): {@code monitor-status}, {@code fault-report} (each message as received),
 *       {@code service} (a service mode began or ended), {@code trip}, {@code online} / {@code
 *       offline}, {@code malformed} (refused payloads, kept whole), {@code message} (other subtopics).
 *   <li>FAULT: a fault {@code raised} after its debounce, {@code cleared}, or {@code transient}.
 *   <li>ALARM (jumps the upstream backlog): {@code trapped-passenger} (or the vocabulary's other
 *       alarm, {@code passenger-alarm}) raised and cleared, with the car's last status and the card
 *       presentations in it.
 * </ul>
 */
final class MonitorEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The monitor and the car it watches, as every body names them. */
    record Car(String monitor, String elevator, String building, String unit, String table, int tableVersion) {}

    private MonitorEvents() {}

    static EventDraft status(Car car, Instant ts, Instant rx, MonitorStatus s, ObjectNode extra, boolean will) {
        ObjectNode b = body("monitor-status", car)
                .put("running", s.running())
                .put("direction", s.direction())
                .put("floor", s.floor())
                .put("door", s.door())
                .put("passenger", s.passenger())
                .put("power", s.power())
                .put("mode", s.mode())
                .put("speed", s.speed())
                .put("runCount", s.runCount())
                .put("doorCycles", s.doorCycles());
        if (s.faults() != null) {
            ArrayNode codes = b.putArray("faults");
            s.faults().forEach(codes::add);
        }
        return draft(EventKind.DEVICE, car, ts, rx, extras(b, extra, will));
    }

    static EventDraft faultReport(Car car, Instant ts, Instant rx, Payload.Fault f, FaultType type, boolean will) {
        ObjectNode b = body("fault-report", car)
                .put("table", car.table())
                .put("code", f.code())
                .put("fault", type == null ? "unknown" : type.id())
                .put("report", f.raised() ? "raised" : "cleared");
        return draft(EventKind.DEVICE, car, ts, rx, extras(b, f.extra(), will));
    }

    /** A debounced fault change: FAULT for faults, DEVICE {@code service} for service events. */
    static EventDraft change(Car car, FaultChange c, Instant rx) {
        FaultType t = c.type();
        if (c instanceof FaultChange.Service s) {
            ObjectNode b = body("service", car)
                    .put("service", t.id())
                    .put("change", s.started() ? "started" : "ended")
                    .put("table", car.table())
                    .put("code", c.code());
            return draft(EventKind.DEVICE, car, c.at(), rx, b);
        }
        ObjectNode b = JSON.createObjectNode()
                .put("fault", t == null ? "unknown" : t.id())
                .put("state", state(c))
                .put("elevator", car.elevator())
                .put("code", c.code())
                .put("table", car.table())
                .put("tableVersion", car.tableVersion())
                .put("severity", t == null ? "unknown" : t.severity())
                .put("name", t == null ? null : t.en())
                .put("nameZh", t == null ? null : t.zh());
        if (c instanceof FaultChange.Raised r) {
            b.put("raisedAt", r.raisedAt().toString())
                    .put("debounceMs", r.debounce().toMillis());
        } else if (c instanceof FaultChange.Cleared cl) {
            b.put("raisedAt", cl.raisedAt() == null ? null : cl.raisedAt().toString())
                    .put("durationMs", cl.raisedAt() == null ? null : millis(cl.raisedAt(), cl.at()));
            if (cl.raisedAt() == null) {
                b.put("unmatched", true);
            }
        } else if (c instanceof FaultChange.Transient tr) {
            b.put("raisedAt", tr.raisedAt().toString())
                    .put("durationMs", millis(tr.raisedAt(), tr.at()))
                    .put("debounceMs", tr.debounce().toMillis());
        }
        return draft(EventKind.FAULT, car, c.at(), rx, b);
    }

    /**
     * The safety alarm of a fault type that has one ({@code trapped-passenger}): raised with the car's
     * last status and the recent card presentations in it, so a crew knows whom to call; cleared
     * with how long it lasted.
     */
    static EventDraft alarm(
            Car car,
            FaultChange c,
            MonitorStatus last,
            Instant lastAt,
            List<Presentation> cards,
            Duration window,
            Instant rx) {
        boolean raised = c instanceof FaultChange.Raised;
        ObjectNode b = JSON.createObjectNode()
                .put("alarm", c.type().alarm().orElseThrow())
                .put("state", raised ? "raised" : "cleared")
                .put("elevator", car.elevator())
                .put("building", car.building())
                .put("unit", car.unit())
                .put("fault", c.type().id())
                .put("code", c.code())
                .put("table", car.table());
        if (c instanceof FaultChange.Raised r) {
            b.put("raisedAt", r.raisedAt().toString());
            ObjectNode s = b.putObject("lastStatus");
            if (last != null) {
                s.put("at", lastAt == null ? null : lastAt.toString())
                        .put("floor", last.floor())
                        .put("door", last.door())
                        .put("power", last.power())
                        .put("running", last.running())
                        .put("mode", last.mode())
                        .put("passenger", last.passenger());
                dropNulls(s);
            }
            b.set("recentCards", cards(cards));
            b.put("recentCardsWindowMs", window.toMillis());
        } else if (c instanceof FaultChange.Cleared cl && cl.raisedAt() != null) {
            b.put("raisedAt", cl.raisedAt().toString()).put("durationMs", millis(cl.raisedAt(), cl.at()));
        }
        return draft(EventKind.ALARM, car, c.at(), rx, b);
    }

    static EventDraft trip(Car car, TripTracker.Trip t, List<Presentation> cards, Instant rx) {
        ObjectNode b = body("trip", car)
                .put("fromFloor", t.fromFloor())
                .put("toFloor", t.toFloor())
                .put("direction", t.direction())
                .put("startedAt", t.startedAt().toString())
                .put("durationMs", t.duration().toMillis())
                .put("floors", Math.abs(t.toFloor() - t.fromFloor()))
                .put("doorCycles", t.doorCycles())
                .put("mode", t.mode());
        b.set("cards", cards(cards));
        return draft(EventKind.DEVICE, car, t.endedAt(), rx, b);
    }

    static EventDraft online(Car car, Connection c, String reason, Instant at) {
        ObjectNode b = body("online", car).put("reason", reason);
        if (c != null) {
            b.put("protocol", c.protocol())
                    .put("clientId", c.clientId())
                    .put("address", c.address())
                    .put("tls", c.tls())
                    .put("certificate", c.certificate());
        }
        return draft(EventKind.DEVICE, car, at, at, b);
    }

    static EventDraft offline(Car car, String reason, Instant lastMessageAt, Duration silentFor, Instant at) {
        ObjectNode b = body("offline", car)
                .put("reason", reason)
                .put("lastMessageAt", lastMessageAt == null ? null : lastMessageAt.toString())
                .put("silentForMs", silentFor == null ? null : silentFor.toMillis());
        return draft(EventKind.DEVICE, car, at, at, b);
    }

    /** A payload refused by the schema: journaled whole with the reason, so nothing a device sent is lost. */
    static EventDraft malformed(Car car, String subtopic, String reason, byte[] payload, Instant rx, boolean will) {
        ObjectNode b = body("malformed", car).put("topic", subtopic).put("reason", reason);
        return draft(EventKind.DEVICE, car, rx, rx, extras(payload(b, payload), null, will));
    }

    /** A message on a subtopic the monitors' schema does not cover, kept as sent. */
    static EventDraft message(Car car, String subtopic, byte[] payload, Instant rx, boolean will) {
        ObjectNode b = body("message", car).put("topic", subtopic);
        return draft(EventKind.DEVICE, car, rx, rx, extras(payload(b, payload), null, will));
    }

    private static String state(FaultChange c) {
        return c instanceof FaultChange.Raised
                ? "raised"
                : c instanceof FaultChange.Transient ? "transient" : "cleared";
    }

    static boolean isFault(FaultType t) {
        return t == null || t.category() == Category.FAULT;
    }

    private static ObjectNode body(String state, Car car) {
        return JSON.createObjectNode().put("state", state).put("elevator", car.elevator());
    }

    private static ArrayNode cards(List<Presentation> cards) {
        ArrayNode a = JSON.createArrayNode();
        for (Presentation p : cards) {
            ObjectNode o = a.addObject()
                    .put("at", p.at().toString())
                    .put("decision", p.granted() ? "grant" : "deny")
                    .put("reason", p.reason())
                    .put("household", p.household())
                    .put("holder", p.holder())
                    .put("holderKind", p.holderKind())
                    .put("credential", p.credential());
            ArrayNode floors = o.putArray("floors");
            p.floors().forEach(floors::add);
            dropNulls(o);
        }
        return a;
    }

    private static ObjectNode payload(ObjectNode b, byte[] payload) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
            return b.put("payload", text);
        } catch (CharacterCodingException e) {
            return b.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        }
    }

    private static ObjectNode extras(ObjectNode b, ObjectNode extra, boolean will) {
        if (extra != null && !extra.isEmpty()) {
            b.set("extra", extra);
        }
        if (will) {
            b.put("will", true);
        }
        return b;
    }

    private static Long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static EventDraft draft(EventKind kind, Car car, Instant ts, Instant rx, ObjectNode body) {
        dropNulls(body);
        return new EventDraft(kind, car.monitor(), ts, rx, body.toString());
    }

    /** Absent means "not known", as in every other event: nulls are left out. */
    private static void dropNulls(ObjectNode o) {
        List<String> nulls = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(n -> {
            if (o.get(n).isNull()) {
                nulls.add(n);
            }
        });
        o.remove(nulls);
    }
}
