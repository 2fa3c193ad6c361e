package io.courtyard.device.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.config.FaultCatalog.Category;
import io.courtyard.config.FaultCatalog.FaultType;
import io.courtyard.device.monitor.RecentCards.Presentation;
import io.courtyard.device.mqtt.DeviceMessages.Connection;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.CardPresentation;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.FaultChanged;
import io.courtyard.journal.event.FaultReported;
import io.courtyard.journal.event.MonitorMessage;
import io.courtyard.journal.event.MonitorOffline;
import io.courtyard.journal.event.MonitorOnline;
import io.courtyard.journal.event.MonitorStatusReported;
import io.courtyard.journal.event.PassengerAlarm;
import io.courtyard.journal.event.RawJson;
import io.courtyard.journal.event.ServiceChanged;
import io.courtyard.journal.event.TripRecorded;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Every journal event of the elevator monitors, built in this one place; the records declare their
 * wire formats (README "Event types"). The envelope's device is the monitor; every body names its
 * elevator.
 *
 * <ul>
 *   <li>DEVICE (telemetry): {@link MonitorStatusReported}, {@link FaultReported} (each message as
 *       received), {@link ServiceChanged} (a service mode began or ended), {@link TripRecorded},
 *       {@link MonitorOnline} / {@link MonitorOffline}, {@link MonitorMessage} (refused payloads
 *       and other subtopics, kept whole).
 *   <li>FAULT: {@link FaultChanged}, a fault raised after its debounce, cleared, or transient.
 *   <li>ALARM (jumps the upstream backlog): {@link PassengerAlarm} ({@code trapped-passenger}, or
 *       the vocabulary's other alarm) raised and cleared, with the car's last status and the card
 *       presentations in it.
 * </ul>
 */
final class MonitorEvents {

    /** The monitor and the car it watches, as every body names them. */
    record Car(String monitor, String elevator, String building, String unit, String table, int tableVersion) {}

    private MonitorEvents() {}

    static EventDraft status(Car car, Instant ts, Instant rx, MonitorStatus s, ObjectNode extra, boolean will) {
        return new EventDraft(
                car.monitor(),
                ts,
                rx,
                new MonitorStatusReported(
                        car.elevator(),
                        s.running(),
                        s.direction(),
                        s.floor(),
                        s.door(),
                        s.passenger(),
                        s.power(),
                        s.mode(),
                        s.speed(),
                        s.runCount(),
                        s.doorCycles(),
                        s.faults() == null ? null : List.copyOf(s.faults()),
                        raw(extra),
                        will(will)));
    }

    static EventDraft faultReport(Car car, Instant ts, Instant rx, Payload.Fault f, FaultType type, boolean will) {
        return new EventDraft(
                car.monitor(),
                ts,
                rx,
                new FaultReported(
                        car.elevator(),
                        car.table(),
                        f.code(),
                        type == null ? "unknown" : type.id(),
                        AlarmState.of(f.raised()),
                        raw(f.extra()),
                        will(will)));
    }

    /** A debounced fault change: FAULT for faults, DEVICE {@code service} for service events. */
    static EventDraft change(Car car, FaultChange c, Instant rx) {
        FaultType t = c.type();
        if (c instanceof FaultChange.Service s) {
            return draft(
                    car,
                    c.at(),
                    rx,
                    new ServiceChanged(
                            car.elevator(),
                            t.id(),
                            s.started() ? ServiceChanged.Change.STARTED : ServiceChanged.Change.ENDED,
                            car.table(),
                            c.code()));
        }
        Instant raisedAt = null;
        Long debounceMs = null;
        Long durationMs = null;
        Boolean unmatched = null;
        FaultChanged.State state;
        if (c instanceof FaultChange.Raised r) {
            state = FaultChanged.State.RAISED;
            raisedAt = r.raisedAt();
            debounceMs = r.debounce().toMillis();
        } else if (c instanceof FaultChange.Cleared cl) {
            state = FaultChanged.State.CLEARED;
            raisedAt = cl.raisedAt();
            durationMs = cl.raisedAt() == null ? null : millis(cl.raisedAt(), cl.at());
            unmatched = cl.raisedAt() == null ? Boolean.TRUE : null;
        } else {
            FaultChange.Transient tr = (FaultChange.Transient) c;
            state = FaultChanged.State.TRANSIENT;
            raisedAt = tr.raisedAt();
            durationMs = millis(tr.raisedAt(), tr.at());
            debounceMs = tr.debounce().toMillis();
        }
        return draft(
                car,
                c.at(),
                rx,
                new FaultChanged(
                        t == null ? "unknown" : t.id(),
                        state,
                        car.elevator(),
                        c.code(),
                        car.table(),
                        car.tableVersion(),
                        t == null || t.severity() == null ? "unknown" : t.severity(),
                        t == null ? null : t.en(),
                        t == null ? null : t.zh(),
                        raisedAt,
                        debounceMs,
                        durationMs,
                        unmatched));
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
        Instant raisedAt = null;
        PassengerAlarm.LastStatus status = null;
        List<CardPresentation> recent = null;
        Long windowMs = null;
        Long durationMs = null;
        if (c instanceof FaultChange.Raised r) {
            raisedAt = r.raisedAt();
            status = last == null
                    ? new PassengerAlarm.LastStatus(null, null, null, null, null, null, null)
                    : new PassengerAlarm.LastStatus(
                            lastAt,
                            last.floor(),
                            last.door(),
                            last.power(),
                            last.running(),
                            last.mode(),
                            last.passenger());
            recent = cards(cards);
            windowMs = window.toMillis();
        } else if (c instanceof FaultChange.Cleared cl && cl.raisedAt() != null) {
            raisedAt = cl.raisedAt();
            durationMs = millis(cl.raisedAt(), cl.at());
        }
        return draft(
                car,
                c.at(),
                rx,
                new PassengerAlarm(
                        c.type().alarm().orElseThrow(),
                        AlarmState.of(c instanceof FaultChange.Raised),
                        car.elevator(),
                        car.building(),
                        car.unit(),
                        c.type().id(),
                        c.code(),
                        car.table(),
                        raisedAt,
                        status,
                        recent,
                        windowMs,
                        durationMs));
    }

    static EventDraft trip(Car car, TripTracker.Trip t, List<Presentation> cards, Instant rx) {
        return draft(
                car,
                t.endedAt(),
                rx,
                new TripRecorded(
                        car.elevator(),
                        t.fromFloor(),
                        t.toFloor(),
                        t.direction(),
                        t.startedAt(),
                        t.duration().toMillis(),
                        Math.abs(t.toFloor() - t.fromFloor()),
                        t.doorCycles(),
                        t.mode(),
                        cards(cards)));
    }

    static EventDraft online(Car car, Connection c, String reason, Instant at) {
        return draft(
                car,
                at,
                at,
                c == null
                        ? new MonitorOnline(car.elevator(), reason, null, null, null, null, null)
                        : new MonitorOnline(
                                car.elevator(),
                                reason,
                                c.protocol(),
                                c.clientId(),
                                c.address(),
                                c.tls(),
                                c.certificate()));
    }

    static EventDraft offline(Car car, String reason, Instant lastMessageAt, Duration silentFor, Instant at) {
        return draft(
                car,
                at,
                at,
                new MonitorOffline(
                        car.elevator(), reason, lastMessageAt, silentFor == null ? null : silentFor.toMillis()));
    }

    /** A payload refused by the schema: journaled whole with the reason, so nothing a device sent is lost. */
    static EventDraft malformed(Car car, String subtopic, String reason, byte[] payload, Instant rx, boolean will) {
        return kept(car, MonitorMessage.Verdict.MALFORMED, subtopic, reason, payload, rx, will);
    }

    /** A message on a subtopic the monitors' schema does not cover, kept as sent. */
    static EventDraft message(Car car, String subtopic, byte[] payload, Instant rx, boolean will) {
        return kept(car, MonitorMessage.Verdict.MESSAGE, subtopic, null, payload, rx, will);
    }

    private static EventDraft kept(
            Car car,
            MonitorMessage.Verdict verdict,
            String subtopic,
            String reason,
            byte[] payload,
            Instant rx,
            boolean will) {
        String text = utf8(payload);
        return draft(
                car,
                rx,
                rx,
                new MonitorMessage(
                        verdict,
                        car.elevator(),
                        subtopic,
                        reason,
                        text,
                        text == null ? Base64.getEncoder().encodeToString(payload) : null,
                        will(will)));
    }

    static boolean isFault(FaultType t) {
        return t == null || t.category() == Category.FAULT;
    }

    private static List<CardPresentation> cards(List<Presentation> cards) {
        List<CardPresentation> out = new ArrayList<>(cards.size());
        for (Presentation p : cards) {
            out.add(new CardPresentation(
                    p.at(),
                    p.granted() ? AccessDecided.Decision.GRANT : AccessDecided.Decision.DENY,
                    p.reason(),
                    p.household(),
                    p.holder(),
                    p.holderKind(),
                    p.credential(),
                    List.copyOf(p.floors())));
        }
        return out;
    }

    /** The payload as text, or null when it is no valid UTF-8 (then it is kept as base64). */
    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The device's members beyond our vocabulary, when it sent any. */
    private static RawJson raw(ObjectNode extra) {
        return extra == null || extra.isEmpty() ? null : new RawJson(extra.toString());
    }

    /** Written only when true: absent means an ordinary message. */
    private static Boolean will(boolean will) {
        return will ? Boolean.TRUE : null;
    }

    private static Long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static EventDraft draft(Car car, Instant ts, Instant rx, Event event) {
        return new EventDraft(car.monitor(), ts, rx, event);
    }
}
