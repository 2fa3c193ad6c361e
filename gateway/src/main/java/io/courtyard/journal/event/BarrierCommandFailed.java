package io.courtyard.journal.event;

/**
 * A barrier command (Hikvision ISAPI barrierGate) that the camera refused or never answered; the
 * device is the barrier.
 *
 * @param key the read whose grant it carried out
 * @param status the HTTP status, or 0 when the camera never answered
 */
@Constant(name = "state", value = "barrier-command-failed", tag = true)
public record BarrierCommandFailed(String camera, String key, int status, String detail) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
