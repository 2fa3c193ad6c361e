package io.courtyard.access;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The floors one card may reach in one car at one moment, as the predicate {@link FloorSets}
 * builds the actuation from. Residents always get their own floor (when they live in the
 * elevator's unit) and the public floors; each open group adds its floors for this elevator, or
 * every floor for staff and crews when it names none. Which groups are open is worked out once
 * per decision here, not once per floor of the car.
 */
final class CarFloors implements IntPredicate {
    private final int own;
    private final List<Integer> publicFloors;
    private final boolean everyFloor;
    private final List<Integer> first;
    private final List<List<Integer>> more;

    private CarFloors(
            int own, List<Integer> publicFloors, boolean everyFloor, List<Integer> first, List<List<Integer>> more) {
        this.own = own;
        this.publicFloors = publicFloors;
        this.everyFloor = everyFloor;
        this.first = first;
        this.more = more;
    }

    static CarFloors of(Subject.Card s, SiteLayout.Elevator el, long day, int second) {
        boolean resident = s.holder().kind() == HolderKind.RESIDENT;
        boolean here = resident
                && s.household() != null
                && s.household().building().equals(el.building())
                && s.household().unit().equals(el.unit());
        boolean everyFloor = false;
        List<Integer> first = null;
        List<List<Integer>> more = null;
        for (CompiledGroup g : s.groups()) {
            if (!g.group().devices().contains(el.id()) || !g.open(day, second)) {
                continue;
            }
            List<Integer> gf = g.group().floors().get(el.id());
            if (gf == null) {
                everyFloor |= !resident;
            } else if (first == null) {
                first = gf;
            } else {
                if (more == null) {
                    more = new ArrayList<>(2);
                }
                more.add(gf);
            }
        }
        return new CarFloors(
                here ? s.household().floor() : Integer.MIN_VALUE,
                here ? el.publicFloors() : List.of(),
                everyFloor,
                first,
                more);
    }

    @Override
    public boolean test(int floor) {
        if (everyFloor || floor == own || publicFloors.contains(floor) || (first != null && first.contains(floor))) {
            return true;
        }
        if (more != null) {
            for (List<Integer> gf : more) {
                if (gf.contains(floor)) {
                    return true;
                }
            }
        }
        return false;
    }
}
