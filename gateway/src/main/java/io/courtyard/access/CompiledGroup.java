package io.courtyard.access;

/**
 * An access group with its schedule resolved; {@code schedule} is null for "always" and
 * {@code rule} is the text a decision cites, computed once per snapshot.
 */
record CompiledGroup(AccessGroup group, CompiledSchedule schedule, String rule) {
    static CompiledGroup of(AccessGroup g, CompiledSchedule s) {
        return new CompiledGroup(g, s, "group " + g.id() + (s == null ? " (always)" : " (schedule " + s.id() + ")"));
    }

    boolean open(long epochDay, int second) {
        return schedule == null || schedule.open(epochDay, second);
    }
}
