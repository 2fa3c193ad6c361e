package io.courtyard.device.drivers;

import io.courtyard.access.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The grants whose floors an elevator car has enabled right now, newest first. A floor button
 * pressed while one of them covers that floor is that grant's ride; a grant makes one ride at most,
 * and a press no grant covers (a public floor's free button, a late press) is nobody's ride.
 * Bounded: a car holds a handful of people. Guarded by its driver's lock.
 */
final class Rides {
    /** Grants kept at once; an older one beyond this is forgotten, as if its time had run out. */
    static final int MAX_OPEN = 8;
    /** How late a press may be reported after the floors were disabled again: one poll, rounded up. */
    static final Duration PRESS_SLACK = Duration.ofSeconds(1);

    /** One grant: the decision, its floors, when it was made and until when its floors are enabled. */
    record Grant(Decision decision, List<Integer> floors, Instant at, Instant until) {}

    private final ArrayDeque<Grant> open = new ArrayDeque<>();

    void granted(Decision d, List<Integer> floors, Instant at, Duration enabledFor) {
        if (open.size() == MAX_OPEN) {
            open.removeLast();
        }
        open.addFirst(new Grant(d, floors, at, at.plus(enabledFor).plus(PRESS_SLACK)));
    }

    /** The gateway pressed the floor for {@code d}'s passenger: that grant, now used, or null when already used. */
    Grant take(Decision d) {
        for (Iterator<Grant> it = open.iterator(); it.hasNext(); ) {
            Grant g = it.next();
            if (g.decision() == d) {
                it.remove();
                return g;
            }
        }
        return null;
    }

    /** {@code floor}'s button was pressed at {@code at}: the newest grant covering it, now used, or null. */
    Grant pressed(int floor, Instant at) {
        for (Iterator<Grant> it = open.iterator(); it.hasNext(); ) {
            Grant g = it.next();
            if (at.isAfter(g.until())) {
                it.remove();
            } else if (g.floors().contains(floor) && !at.isBefore(g.at())) {
                it.remove();
                return g;
            }
        }
        return null;
    }
}
