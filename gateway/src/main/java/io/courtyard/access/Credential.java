package io.courtyard.access;

import java.util.Objects;

/** A card (or raw card bits, or a staff vehicle's plate) that belongs to a holder. */
public record Credential(String id, String holder, CredentialKey key, Validity validity, Status status) {
    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(status, "status");
        if (key.type() == CredentialKey.Type.CODE) {
            throw new IllegalArgumentException("credential " + id + ": codes are for visitor passes only");
        }
    }
}
