package io.courtyard.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A plate camera asks: may the vehicle it read pass this barrier? The engine matches the read
 * against the list itself (exactly, or under the barrier's confusion rule) before the usual rules.
 *
 * @param plate the text as the camera read it; null when it read no plate
 * @param confidence how sure the camera was, 1–100 (0 when it does not say)
 * @param at when the vehicle was read: the camera's time when trusted, else the gateway's
 * @param replay a read the camera kept while it could not reach the gateway and sends now: decided
 *     and recorded as of {@code at}, but nothing is actuated
 */
public record PlateRequest(String device, String plate, int confidence, Instant at, boolean replay) {
    public PlateRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
    }

    /** Masked: the read is personal data. */
    @Override
    public String toString() {
        return "PlateRequest[" + device + ", " + io.courtyard.runtime.PersonalData.maskPlate(plate) + ", confidence="
                + confidence + ", " + at + (replay ? ", replay" : "") + "]";
    }
}
