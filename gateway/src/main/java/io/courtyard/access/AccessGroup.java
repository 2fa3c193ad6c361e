package io.courtyard.access;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A set of devices a holder may use, when its schedule is open.
 *
 * @param schedule a schedule id; null means always
 * @param floors per elevator, the floors this group enables; an elevator in {@code devices}
 *     without an entry here gives residents their own and the public floors, others every floor
 * @param pinAt devices where this group must also enter its PIN (gates with a keypad)
 */
public record AccessGroup(
        String id, Set<String> devices, String schedule, Map<String, List<Integer>> floors, Set<String> pinAt) {
    public AccessGroup {
        Objects.requireNonNull(id, "id");
        devices = Set.copyOf(devices);
        floors = Map.copyOf(floors);
        pinAt = Set.copyOf(pinAt);
    }
}
