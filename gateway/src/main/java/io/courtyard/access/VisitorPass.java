package io.courtyard.access;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A visitor pass issued by a household: a card, plate or code valid in a time window at the
 * listed devices.
 *
 * @param floors floors the visitor may ride to; empty means the host household's floor only
 * @param maxUses entries allowed (1 = single use); 0 means unlimited within the window. A use is
 *     counted at an entry point: a gate (the entry side of an anti-passback pair) or an entry
 *     barrier; elevator rides and exits never use one up, so a visitor is not trapped inside
 */
public record VisitorPass(
        String id,
        String household,
        CredentialKey key,
        Validity window,
        Set<String> devices,
        List<Integer> floors,
        int maxUses,
        Status status) {
    public VisitorPass {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        devices = Set.copyOf(devices);
        floors = List.copyOf(floors);
        Objects.requireNonNull(status, "status");
        if (maxUses < 0) {
            throw new IllegalArgumentException("pass " + id + ": maxUses must be >= 0, found " + maxUses);
        }
        if (key.type() == CredentialKey.Type.RAW) {
            throw new IllegalArgumentException("pass " + id + ": a pass is a card, plate or code");
        }
    }
}
