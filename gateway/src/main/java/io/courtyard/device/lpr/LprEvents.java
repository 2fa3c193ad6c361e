package io.courtyard.device.lpr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.DecisionEvents;
import io.courtyard.access.PlateDecision;
import io.courtyard.access.StateChange;
import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import io.courtyard.runtime.PersonalData;
import java.time.Duration;
import java.time.Instant;

/**
 * Every journal event of the camera room, built here and nowhere else (README, "Vehicle barriers":
 * the wire format). Until the journal's typed event family lands, bodies are JSON text on the
 * {@code EventDraft} API:
 *
 * <ul>
 *   <li>{@code plate-read} (kind {@code access}, device: the barrier, ts: the read's time): the access
 *       decision's fields exactly as every {@code access} event has them ({@code decision},
 *       {@code reason}, {@code credential} masked, {@code subject}, {@code state}, ...), then
 *       {@code event}, {@code camera} (serial), {@code vendor}, {@code key} (the idempotency key),
 *       {@code plate} (the text as read, masked), {@code match} (exact, near, none),
 *       {@code confidence}, {@code replay}, {@code open} (the barrier is told to open once this event
 *       is durable), {@code cameraTime} when the camera gave one, {@code color} and {@code list}
 *       (the camera's own list verdict) when it named them;
 *   <li>{@code plate-withheld} (kind {@code access}): a granted read whose event was not durable
 *       within the camera's timeout, so the barrier stayed shut: {@code event}, {@code camera},
 *       {@code key}, {@code cause} ({@code journal-timeout}, {@code journal-failed}) and the
 *       {@code state} that takes the grant's change back;
 *   <li>{@code device-offline} alarm (kind {@code alarm}): {@code alarm}, {@code state}
 *       ({@code raised}, {@code cleared}), {@code camera}, {@code vendor}, {@code silentForMs};
 *   <li>{@code barrier-command-failed} (kind {@code device}): a Hikvision barrierGate command the
 *       camera refused or never answered: {@code state}, {@code camera}, {@code key}, {@code status},
 *       {@code detail}.
 * </ul>
 */
public final class LprEvents {
    static final String PLATE_READ = "plate-read";
    static final String WITHHELD = "plate-withheld";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LprEvents() {}

    /** The one event of a read: the decision and the read, journaled once per idempotency key. */
    static EventDraft plateRead(
            Camera cam, PlateRead read, String key, PlateDecision d, Instant at, Instant receivedAt, boolean open) {
        String decision = DecisionEvents.draft(d.decision(), at, receivedAt).body();
        ObjectNode n = JSON.createObjectNode()
                .put("event", PLATE_READ)
                .put("camera", cam.serial())
                .put("vendor", read.vendor().tag())
                .put("key", key);
        if (read.plate() != null) {
            n.put("plate", PersonalData.maskPlate(read.plate()));
        }
        n.put("match", d.match().tag())
                .put("confidence", read.confidence())
                .put("replay", read.replay())
                .put("open", open);
        if (read.cameraTime() != null) {
            n.put("cameraTime", read.cameraTime().toString());
        }
        if (read.color() != null) {
            n.put("color", read.color());
        }
        if (read.list() != null) {
            n.put("list", read.list());
        }
        return new EventDraft(EventKind.ACCESS, cam.barrier(), at, receivedAt, splice(decision, n));
    }

    /** A granted read whose barrier stayed shut; {@code undo} is the state that takes its change back. */
    static EventDraft withheld(Camera cam, String key, String cause, StateChange undo, Instant at, Instant now) {
        ObjectNode n = JSON.createObjectNode()
                .put("event", WITHHELD)
                .put("camera", cam.serial())
                .put("key", key)
                .put("cause", cause);
        if (undo != null) {
            ObjectNode s = n.putObject("state").put("subject", undo.subject());
            if (undo.uses() >= 0) {
                s.put("uses", undo.uses());
            }
            if (undo.area() != null) {
                s.put("area", undo.area()).put("position", undo.position().tag());
            }
        }
        return new EventDraft(EventKind.ACCESS, cam.barrier(), at, now, text(n));
    }

    static EventDraft offline(Camera cam, boolean raised, Duration silent, Instant now) {
        ObjectNode n = JSON.createObjectNode()
                .put("alarm", "device-offline")
                .put("state", raised ? "raised" : "cleared")
                .put("camera", cam.serial())
                .put("vendor", cam.config().vendor().tag())
                .put("silentForMs", silent.toMillis());
        return new EventDraft(EventKind.ALARM, cam.barrier(), now, now, text(n));
    }

    static EventDraft commandFailed(Camera cam, String key, int status, String detail, Instant now) {
        ObjectNode n = JSON.createObjectNode()
                .put("state", "barrier-command-failed")
                .put("camera", cam.serial())
                .put("key", key)
                .put("status", status)
                .put("detail", detail);
        return new EventDraft(EventKind.DEVICE, cam.barrier(), now, now, text(n));
    }

    /** The decision's object with the read's fields appended: one flat object, decision fields first. */
    private static String splice(String decision, ObjectNode more) {
        String tail = text(more);
        return decision.substring(0, decision.length() - 1) + "," + tail.substring(1);
    }

    private static String text(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
