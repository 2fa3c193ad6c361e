package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The car park fills up (its zone's capacity set to 2 for the run): residents' plates are let in
 * until it is full; then another resident and a visitor are refused {@code zone-full} and the
 * barrier stays down, while a permit with a reserved space still enters; an unknown plate is
 * refused; once cars leave by the exit, the visitor gets in, and the lot is full again.
 */
final class ParkingFull implements Scenario {
    private static final int CAPACITY = 2;
    private static final String R1 = "京A10001";
    private static final String R2 = "京A10002";
    private static final String R3 = "京A10003";
    private static final String RESERVED = "京A10004";
    private static final String VISITOR = "沪B20001";
    private static final String STRANGER = "苏E00000";

    @Override
    public void tune(SiteConfig.Overrides overrides) {
        overrides.capacity(CAPACITY);
    }

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Barrier entry = c.barrier(Direction.ENTRY, null)
                .orElseThrow(() -> new IllegalStateException("the site has no entry barrier with a camera"));
        String zone = entry.zone();
        Barrier exit = c.barrier(Direction.EXIT, zone)
                .orElseThrow(() -> new IllegalStateException("zone " + zone + " has no exit barrier with a camera"));
        String household = c.households().findFirst().orElseThrow().id();
        Instant now = Instant.now();
        site.publish(SiteList.snapshot(site.siteId(), 1)
                .resident("h-1", household)
                .resident("h-2", household)
                .resident("h-3", household)
                .resident("h-4", household)
                .permit("p-1", "h-1", R1, zone, false)
                .permit("p-2", "h-2", R2, zone, false)
                .permit("p-3", "h-3", R3, zone, false)
                .permit("p-4", "h-4", RESERVED, zone, true)
                .platePass(
                        "v-1",
                        household,
                        VISITOR,
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofHours(4)),
                        List.of(entry.id(), exit.id())));
        long start = site.journal().lastSeq();

        car(site, checks, entry, R1, "resident p-1 in", "grant", "granted", true);
        car(site, checks, entry, R2, "resident p-2 in: the lot is full (" + CAPACITY + ")", "grant", "granted", true);
        car(site, checks, entry, R3, "resident p-3 refused, lot full", "deny", "zone-full", false);
        car(site, checks, entry, VISITOR, "visitor v-1 refused, lot full", "deny", "zone-full", false);
        car(
                site,
                checks,
                entry,
                RESERVED,
                "reserved space p-4 in over capacity",
                "grant",
                "reserved-over-capacity",
                true);
        car(site, checks, entry, STRANGER, "unknown plate refused", "deny", "unknown-credential", false);
        car(site, checks, exit, R1, "p-1 out", "grant", "granted", true);
        car(site, checks, exit, RESERVED, "p-4 out", "grant", "granted", true);
        car(site, checks, entry, VISITOR, "visitor v-1 in once there is room", "grant", "granted", true);
        car(site, checks, entry, R3, "p-3 refused: full again", "deny", "zone-full", false);
        Delivery.allArrived(site, checks, start, e -> "access".equals(e.kind()));
    }

    private static void car(
            Site site,
            Checks checks,
            Barrier barrier,
            String plate,
            String what,
            String decision,
            String reason,
            boolean opens)
            throws Exception {
        long mark = site.journal().lastSeq();
        CarPark.Pushed p = site.cars().car(barrier.id(), plate, 96);
        JournalFile.Event e = site.journal()
                .await(mark, ev -> Compound.isDecision(ev, barrier.id()), Duration.ofSeconds(5))
                .orElseThrow(() -> new IllegalStateException("no decision journaled at " + barrier.id()));
        checks.check(
                what + " at " + barrier.id(),
                decision.equals(e.text("decision")) && reason.equals(e.text("reason")) && p.opened() == opens,
                e.text("decision") + " " + e.text("reason") + ", barrier " + (p.opened() ? "raised" : "down") + " ("
                        + p.detail() + ")");
    }
}
