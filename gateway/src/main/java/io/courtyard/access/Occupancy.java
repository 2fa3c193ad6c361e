package io.courtyard.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vehicles inside each parking zone ({@code zone:ID}), one compare-and-set counter per zone so that
 * entries racing for the last space never overfill it. It is the count of IN positions, kept in
 * step by {@link AccessState} and rebuilt from them after a restart.
 */
final class Occupancy {
    private final ConcurrentHashMap<String, AtomicInteger> zones = new ConcurrentHashMap<>();

    int get(String area) {
        AtomicInteger n = zones.get(area);
        return n == null ? 0 : n.get();
    }

    /** Takes one space, unless the zone is full and the space is not reserved; lock-free. */
    Reason reserve(AccessState.Ask ask, boolean commit) {
        AtomicInteger n = commit ? zones.computeIfAbsent(ask.area(), k -> new AtomicInteger()) : zones.get(ask.area());
        while (true) {
            int v = n == null ? 0 : n.get();
            boolean full = v >= ask.capacity();
            if (full && !ask.reserved()) {
                return Reason.ZONE_FULL;
            }
            if (!commit || n.compareAndSet(v, v + 1)) {
                return full ? Reason.RESERVED_OVER_CAPACITY : Reason.GRANTED;
            }
        }
    }

    /** A vehicle is counted back in, over the capacity if need be: it never left (a withheld exit). */
    void enter(String area) {
        zones.computeIfAbsent(area, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A vehicle left (or its position expired or was reset). */
    void leave(String area) {
        zones.computeIfAbsent(area, k -> new AtomicInteger()).updateAndGet(v -> Math.max(0, v - 1));
    }

    /** Replaces every count, after a replay. */
    void reset(Map<String, Integer> counts) {
        zones.clear();
        counts.forEach((area, n) -> zones.put(area, new AtomicInteger(n)));
    }
}
