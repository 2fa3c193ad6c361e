package io.courtyard.journal;

import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as a producer hands it to the journal, before it has a sequence number: the typed
 * record and the envelope's device and times. Checked here, on the producer's thread, so a
 * record missing a required member fails where it was built; the journal's writer encodes it.
 *
 * @param deviceId the device from the configuration, or {@code gateway}
 * @param ts the device's own time of the event, kept as reported (never rewritten to "now")
 * @param receivedAt when the gateway received it
 */
public record EventDraft(String deviceId, Instant ts, Instant receivedAt, Event event) {
    public EventDraft {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(receivedAt, "receivedAt");
        EventCodec.check(Objects.requireNonNull(event, "event"));
    }

    /** An event the gateway observed itself: device time and receive time are the same instant. */
    public static EventDraft at(String deviceId, Instant at, Event event) {
        return new EventDraft(deviceId, at, at, event);
    }

    public EventKind kind() {
        return event.kind();
    }

    /**
     * The body the journal will store, encoded now: for tools, tests and diagnostics. Producers
     * never call it (the journal's writer encodes); nothing reads an event back from this text.
     */
    public String body() {
        return EventCodec.encode(event);
    }
}
