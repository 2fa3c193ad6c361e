package io.courtyard.device.lpr.push;

/** What one push carries, decoded: a plate read, a heartbeat, or something the gateway only notes. */
public sealed interface CameraMessage {
    /** The serial the message names, or null (Hikvision alerts name none). */
    String serial();

    /** A plate read to decide. */
    record Plate(PlateRead read) implements CameraMessage {
        @Override
        public String serial() {
            return read.serial();
        }
    }

    /** The camera says it is alive (Vzenith heartbeat, generic {@code heartbeat}, a Hikvision non-ANPR alert). */
    record Heartbeat(String serial) implements CameraMessage {}

    /** A push the gateway does not act on (Vzenith IO trigger or RS-485 data): counted, answered, kept alive. */
    record Other(String serial, String what) implements CameraMessage {}
}
