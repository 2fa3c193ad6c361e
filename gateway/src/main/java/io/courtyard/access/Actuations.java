package io.courtyard.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** Builds what a grant actuates on each kind of device. */
final class Actuations {
    private Actuations() {}

    /** Everything a device can open: its pulse, every floor, the barrier. */
    static Actuation open(SiteLayout.Device d) {
        if (d instanceof SiteLayout.Elevator e) {
            return floors(e, f -> true);
        }
        return opening(d);
    }

    /** A gate's pulse or a barrier's raise. */
    static Actuation opening(SiteLayout.Device d) {
        if (d instanceof SiteLayout.Gate g) {
            return new Actuation.Pulse(g.pulse());
        }
        return new Actuation.RaiseBarrier();
    }

    /** The floors of {@code e} that {@code allowed} accepts, ascending; null when there is none. */
    static Actuation.Floors floors(SiteLayout.Elevator e, IntPredicate allowed) {
        List<Integer> floors = new ArrayList<>(4);
        List<Integer> outputs = new ArrayList<>(4);
        for (Map.Entry<Integer, Integer> f : e.floorOutputs().entrySet()) {
            if (allowed.test(f.getKey())) {
                floors.add(f.getKey());
                outputs.add(f.getValue());
            }
        }
        return floors.isEmpty() ? null : new Actuation.Floors(floors, outputs, e.enableFor());
    }
}
