package io.courtyard.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as a producer hands it to the journal, before it has a sequence number.
 *
 * @param ts the device's own time of the event, kept as reported (never rewritten to "now")
 * @param receivedAt when the gateway received it
 * @param body kind-specific fields as one JSON object, e.g. {@code {"decision":"grant","reason":"ok"}};
 *     the keys id, seq, kind, device, ts and receivedAt are reserved for the envelope
 */
public record EventDraft(EventKind kind, String deviceId, Instant ts, Instant receivedAt, String body) {
    public EventDraft {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(body, "body");
        if (!body.startsWith("{")) {
            throw new IllegalArgumentException("body must be a JSON object, found: " + body);
        }
    }
}
