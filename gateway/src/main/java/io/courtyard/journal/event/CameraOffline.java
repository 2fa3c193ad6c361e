package io.courtyard.journal.event;

/**
 * A plate camera silent for longer than its heartbeat allows (raised), and heard again (cleared);
 * the device is its barrier.
 *
 * @param camera the camera's serial
 * @param silentForMs how long it had been silent
 */
@Constant(name = "alarm", value = "device-offline", tag = true)
public record CameraOffline(@Tag AlarmState state, String camera, @Tag String vendor, long silentForMs)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
