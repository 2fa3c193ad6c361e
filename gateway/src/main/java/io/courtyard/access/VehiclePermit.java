package io.courtyard.access;

import java.util.Locale;
import java.util.Objects;

/**
 * A resident's right to park one vehicle in one zone.
 *
 * @param reserved a reserved space: admitted even when the zone is full
 * @param validity from/to; {@code to} is the expiry of a rented space
 */
public record VehiclePermit(
        String id,
        String holder,
        CredentialKey plate,
        String zone,
        Space space,
        String spaceId,
        boolean reserved,
        Validity validity,
        Status status) {

    /** How the holder has the space. */
    public enum Space {
        OWNED,
        RENTED,
        NONE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public VehiclePermit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(plate, "plate");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(status, "status");
        if (plate.type() != CredentialKey.Type.PLATE) {
            throw new IllegalArgumentException("permit " + id + ": the credential must be a plate");
        }
    }
}
