package io.courtyard.device.lpr;

import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;

/** A barrier with its camera, as the listener knows it: the barrier's id is the device of every event. */
public record Camera(
        String barrier, String name, Direction direction, String serial, boolean openOnFault, CameraConfig config) {

    static Camera of(Barrier b, CameraConfig c) {
        return new Camera(b.id(), b.name(), b.direction(), b.cameraSerial(), b.openOnFault(), c);
    }

    boolean keepsImages() {
        return config.imageQuota().isPresent();
    }
}
