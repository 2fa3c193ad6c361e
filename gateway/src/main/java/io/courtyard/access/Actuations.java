package io.courtyard.access;

/** Builds what a grant actuates on each kind of device. */
final class Actuations {
    private Actuations() {}

    private static final Actuation RAISE = new Actuation.RaiseBarrier();

    /** Everything a device can open: its pulse, every floor, the hall call button, the barrier. */
    static Actuation open(AccessSnapshot s, SiteLayout.Device d) {
        if (d instanceof SiteLayout.Elevator e) {
            return s.floors(e).select(f -> true);
        }
        if (d instanceof SiteLayout.HallCall h) {
            return h.opening();
        }
        return opening(d);
    }

    /** An elevator grant: the floors in the car, or the hall call button at a landing reader. */
    static Actuation car(SiteLayout.Device d, Actuation.Floors floors) {
        return d instanceof SiteLayout.HallCall h ? h.opening() : floors;
    }

    /** A gate's pulse or a barrier's raise. */
    static Actuation opening(SiteLayout.Device d) {
        if (d instanceof SiteLayout.Gate g) {
            return g.opening();
        }
        return RAISE;
    }
}
