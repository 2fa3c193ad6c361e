package io.courtyard.journal.event;

/**
 * A monitor's message kept whole: one the schema refused ({@link Verdict#MALFORMED}, with the
 * reason) or one on a subtopic the schema does not cover ({@link Verdict#MESSAGE}). The payload
 * is its UTF-8 text, or base64 when it is no valid UTF-8, so nothing a device sent is lost.
 *
 * @param topic the subtopic it came on
 */
public record MonitorMessage(
        @Tag Verdict state,
        @Tag String elevator,
        String topic,
        @Nullable String reason,
        @Nullable String payload,
        @Nullable String payloadBase64,
        @Nullable Boolean will)
        implements Event {

    public enum Verdict {
        MALFORMED,
        MESSAGE
    }

    public MonitorMessage {
        if ((payload == null) == (payloadBase64 == null)) {
            throw new IllegalArgumentException("a kept message has its payload as text or as base64");
        }
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
