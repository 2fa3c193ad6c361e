package io.courtyard.access;

import io.courtyard.config.DevicesConfig.AntiPassback;
import io.courtyard.config.DevicesConfig.Direction;

/** Hands a request that passed every static rule to the stateful ones, where the device has any. */
final class Stateful {
    private Stateful() {}

    /** Whether a pass spends one of its entries here: at a gate's entry side or an entry barrier. */
    static boolean countsUse(SiteLayout.Device d) {
        if (d instanceof SiteLayout.Gate g) {
            return g.pair() == null || g.side() == Direction.ENTRY;
        }
        return d instanceof SiteLayout.Barrier b && b.direction() == Direction.ENTRY;
    }

    /**
     * Grants through the stateful rules of the device, if any.
     *
     * @param maxUses the pass's limit when this request spends an entry, else 0
     * @param reserved whether the vehicle has a reserved space (passes the zone's capacity)
     */
    static Decision admit(Evaluation e, String subject, int maxUses, boolean reserved, Actuation act, String rule) {
        String area = null;
        Direction dir = null;
        AntiPassback apb = AntiPassback.OFF;
        int capacity = -1;
        long expiry = 0;
        if (e.device instanceof SiteLayout.Barrier b) {
            area = b.zone().area();
            dir = b.direction();
            apb = b.zone().antiPassback();
            capacity = b.zone().capacity();
            expiry = b.zone().expiryMillis();
        } else if (e.device instanceof SiteLayout.Gate g && g.pair() != null) {
            area = g.area();
            dir = g.side();
            apb = g.pair().mode();
            expiry = g.expiryMillis();
        }
        if (area == null && maxUses == 0) {
            return e.decision(Reason.GRANTED, act, rule, null);
        }
        AccessState.Verdict v = e.state.admit(
                new AccessState.Ask(
                        subject, maxUses, area, dir, apb, capacity, reserved, expiry, e.replay, e.at().toEpochMilli()),
                e.commit);
        if (v.older()) {
            return e.decision(
                    v.reason(),
                    act,
                    rule + "; replayed read older than the position recorded in " + name(area) + ": position kept",
                    v.change());
        }
        String side = dir == Direction.ENTRY ? "in" : "out";
        return switch (v.reason()) {
            case PASS_USED_UP -> e.deny(v.reason(), rule + "; all " + maxUses + " entries used");
            case ANTI_PASSBACK -> e.deny(
                    v.reason(), rule + "; hard anti-passback in " + name(area) + ": already " + side);
            case ZONE_FULL -> e.deny(
                    v.reason(),
                    rule + "; " + name(area) + " is full (capacity " + capacity + ") and the space is not reserved");
            case ANTI_PASSBACK_FLAGGED -> e.decision(
                    v.reason(),
                    act,
                    rule + "; soft anti-passback in " + name(area) + ": already " + side + ", flagged",
                    v.change());
            case RESERVED_OVER_CAPACITY -> e.decision(
                    v.reason(),
                    act,
                    rule + "; " + name(area) + " is full (capacity " + capacity + "), admitted to a reserved space",
                    v.change());
            default -> e.decision(v.reason(), act, rule, v.change());
        };
    }

    /** {@code zone:main-lot} → {@code zone main-lot}, {@code pair:lobby} → {@code gate pair lobby}; for messages only. */
    private static String name(String area) {
        return area.startsWith("zone:") ? "zone " + area.substring(5) : "gate pair " + area.substring(5);
    }
}
