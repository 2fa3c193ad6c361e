package io.courtyard.device.lpr;

import io.courtyard.access.AccessEvents;
import io.courtyard.access.PlateDecision;
import io.courtyard.access.StateChange;
import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.BarrierCommandFailed;
import io.courtyard.journal.event.CameraOffline;
import io.courtyard.journal.event.PlateReadDecided;
import io.courtyard.journal.event.PlateWithheld;
import io.courtyard.runtime.PersonalData;
import java.time.Duration;
import java.time.Instant;

/**
 * Every journal event of the camera room, built here and nowhere else; the records declare the
 * wire format (README, "Event types"): a read and its decision ({@link PlateReadDecided}, device:
 * the barrier, ts: the read's time), a granted read whose barrier stayed shut
 * ({@link PlateWithheld}), a camera gone silent ({@link CameraOffline}) and a barrier command the
 * camera refused ({@link BarrierCommandFailed}). The plate is masked before it is journaled.
 */
public final class LprEvents {
    private LprEvents() {}

    /** The one event of a read: the decision and the read, journaled once per idempotency key. */
    static EventDraft plateRead(
            Camera cam, PlateRead read, String key, PlateDecision d, Instant at, Instant receivedAt, boolean open) {
        AccessDecided a = AccessEvents.decision(d.decision());
        return new EventDraft(
                cam.barrier(),
                at,
                receivedAt,
                new PlateReadDecided(
                        a.decision(),
                        a.reason(),
                        a.direction(),
                        a.credentialType(),
                        a.credential(),
                        a.credentialFull(),
                        a.subject(),
                        a.holder(),
                        a.holderKind(),
                        a.household(),
                        a.rule(),
                        a.aclVersion(),
                        a.actuation(),
                        a.state(),
                        cam.serial(),
                        read.vendor().tag(),
                        key,
                        read.plate() == null ? null : PersonalData.maskPlate(read.plate()),
                        d.match().tag(),
                        read.confidence(),
                        read.replay(),
                        open,
                        read.cameraTime(),
                        read.color(),
                        read.list()));
    }

    /** A granted read whose barrier stayed shut; {@code undo} is the state that takes its change back. */
    static EventDraft withheld(Camera cam, String key, String cause, StateChange undo, Instant at, Instant now) {
        return new EventDraft(
                cam.barrier(), at, now, new PlateWithheld(cam.serial(), key, cause, AccessEvents.state(undo)));
    }

    static EventDraft offline(Camera cam, boolean raised, Duration silent, Instant now) {
        return EventDraft.at(
                cam.barrier(),
                now,
                new CameraOffline(
                        AlarmState.of(raised),
                        cam.serial(),
                        cam.config().vendor().tag(),
                        silent.toMillis()));
    }

    static EventDraft commandFailed(Camera cam, String key, int status, String detail, Instant now) {
        return EventDraft.at(cam.barrier(), now, new BarrierCommandFailed(cam.serial(), key, status, detail));
    }
}
