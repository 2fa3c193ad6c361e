package io.courtyard.access;

import java.util.List;
import java.util.Objects;

/**
 * A person the access list knows: a resident of a household, a staff member or a maintenance crew.
 *
 * @param household the household id ({@code building-unit-room}) of a resident; null for others
 * @param groups the access groups, in the order the list gives them
 * @param pinHash the PIN as the list carries it ({@link PinHash}: keyed HMAC-SHA256, or a format-1
 *     list's unkeyed SHA-256), or null without a PIN
 */
public record Holder(
        String id,
        HolderKind kind,
        String household,
        List<String> groups,
        Validity validity,
        Status status,
        String pinHash) {
    public Holder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        groups = List.copyOf(groups);
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(status, "status");
    }
}
