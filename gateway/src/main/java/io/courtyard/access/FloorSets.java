package io.courtyard.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * One elevator's floors as arrays, and the floor actuations already built, by the set of floors
 * they enable: residents of a unit share a few dozen sets, so after warm-up an elevator grant
 * allocates no lists. Lives in a snapshot; bounded, and rebuilt with it.
 */
final class FloorSets {
    /** Distinct sets kept per elevator; beyond, sets are built per decision (still correct). */
    private static final int MAX_CACHED = 4096;

    private final SiteLayout.Elevator elevator;
    private final int[] floors;
    private final int[] outputs;
    /**
     * Keys are the masks times this odd constant (a bijection): a mask is the own floor's bit plus
     * the public floors', {@code Long.hashCode} of such masks shares its low bits, and the map put
     * them all in a few bins, walked as trees on every elevator grant.
     */
    private static final long SPREAD = 0x9E3779B97F4A7C15L;

    private final Map<Long, Actuation.Floors> byMask = new ConcurrentHashMap<>();

    FloorSets(SiteLayout.Elevator e) {
        this.elevator = e;
        this.floors =
                e.floorOutputs().keySet().stream().mapToInt(Integer::intValue).toArray();
        this.outputs =
                e.floorOutputs().values().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The floors {@code allowed} accepts, ascending, as an actuation; null when there is none. */
    Actuation.Floors select(IntPredicate allowed) {
        if (floors.length > 64) {
            return build(allowed);
        }
        long mask = 0;
        for (int i = 0; i < floors.length; i++) {
            if (allowed.test(floors[i])) {
                mask |= 1L << i;
            }
        }
        if (mask == 0) {
            return null;
        }
        Long key = mask * SPREAD;
        Actuation.Floors f = byMask.get(key);
        if (f == null) {
            long m = mask;
            f = build(k -> (m & (1L << index(k))) != 0);
            if (byMask.size() < MAX_CACHED) {
                byMask.putIfAbsent(key, f);
            }
        }
        return f;
    }

    private int index(int floor) {
        return java.util.Arrays.binarySearch(floors, floor);
    }

    private Actuation.Floors build(IntPredicate allowed) {
        List<Integer> fl = new ArrayList<>(4);
        List<Integer> out = new ArrayList<>(4);
        for (int i = 0; i < floors.length; i++) {
            if (allowed.test(floors[i])) {
                fl.add(floors[i]);
                out.add(outputs[i]);
            }
        }
        return fl.isEmpty() ? null : new Actuation.Floors(fl, out, elevator.enableFor());
    }
}
