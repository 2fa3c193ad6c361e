package io.courtyard.device.lpr.push;

import io.courtyard.config.CameraConfig.Vendor;
import io.courtyard.runtime.PersonalData;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One plate read as a camera pushed it, whatever its format: what the decision, the idempotency key,
 * the journal event and the answer need.
 *
 * @param serial the serial number the push names (Vzenith {@code serialno}, generic {@code camera});
 *     null for Hikvision, whose alert names none (the camera is known by its address)
 * @param pushId the camera's own id of the read: Vzenith {@code plateid}, Hikvision {@code UUID},
 *     generic {@code id}; with the camera it is the idempotency key
 * @param plate the text as read; null when the camera read no plate
 * @param confidence 1–100 as the camera reports it; 0 when it reported none
 * @param cameraTime when the camera says it read the plate; null when it did not say
 * @param replay a read the camera kept while it could not reach the gateway (Vzenith
 *     {@code isoffline: 1}, Hikvision {@code isDataRetransmission}, generic {@code offline})
 * @param color the plate colour as the camera names it, or null
 * @param list the camera's own list verdict (Hikvision {@code vehicleListName}), or null; recorded,
 *     never trusted
 * @param images the pictures that came with the read (empty unless the camera keeps them)
 */
public record PlateRead(
        Vendor vendor,
        String serial,
        String pushId,
        String plate,
        int confidence,
        Instant cameraTime,
        boolean replay,
        String color,
        String list,
        List<Image> images) {

    public PlateRead {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(pushId, "pushId");
        images = List.copyOf(images);
    }

    /** A picture of the read; its bytes are decoded only when the camera keeps images. */
    public record Image(String name, java.util.function.Supplier<byte[]> bytes) {}

    /** The idempotency key of this read from {@code camera} (its configured serial). */
    public String key(String camera) {
        return vendor.tag() + "/" + camera + "/" + pushId;
    }

    /**
     * What two pushes of one key must agree on to be one read (not whether it is sent as a replay: an
     * unanswered live push comes back as an offline record). A second push of a key with another
     * plate is not a retransmission but a forgery or a camera fault: it is answered shut.
     */
    public String fingerprint() {
        return (plate == null ? "" : plate) + "|" + confidence;
    }

    /**
     * The fingerprint as far as the journal can tell it after a restart: the event keeps the plate
     * masked ({@code 京A***45}), so a repeat is compared on that and the confidence.
     */
    public String maskedFingerprint() {
        return "~" + (plate == null ? "" : PersonalData.maskPlate(plate)) + "|" + confidence;
    }

    /** Masked: a read in a log line must not carry the plate. */
    @Override
    public String toString() {
        return "PlateRead[" + vendor.tag() + " " + serial + " #" + pushId + " " + PersonalData.maskPlate(plate)
                + " confidence " + confidence + (replay ? " replay" : "") + "]";
    }
}
