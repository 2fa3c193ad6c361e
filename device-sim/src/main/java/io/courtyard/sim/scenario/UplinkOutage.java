package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The platform's broker becomes unreachable in the middle of steady traffic (card reads at a gate,
 * monitor statuses): the gateway keeps deciding and journaling every read; nothing reaches the
 * platform while it is away; once it is back the backlog drains, and then every journaled event
 * has arrived (by id), with no gap in {@code seq}, and any duplicate is a resend of the same event.
 */
final class UplinkOutage implements Scenario {
    private static final long FIRST_CARD = 10_000;
    private static final Duration EVERY = Duration.ofMillis(100);

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Gate gate = c.gate();
        String household = c.households().findFirst().orElseThrow().id();
        Duration outage = shortRun ? Duration.ofSeconds(6) : Duration.ofSeconds(60);
        int cards = (int) (outage.plusSeconds(10).toMillis() / EVERY.toMillis()) * 2;
        SiteList list = SiteList.snapshot(site.siteId(), 1)
                .group("residents", List.of(gate.id()), Map.of())
                .resident("r-1", household, "residents");
        for (int i = 0; i < cards; i++) {
            list.card("c-" + i, "r-1", FIRST_CARD + i, "active");
        }
        site.publish(list);
        try (Traffic traffic = new Traffic(site, FIRST_CARD, cards).start(EVERY)) {
            Thread.sleep(2_000);
            long before = site.journal().lastSeq();
            Instant cutAt = Instant.now();
            site.relay().cut();
            long arrivedBefore = site.upstream().arrivals().size();
            long firstInOutage = traffic.presented();
            Thread.sleep(outage.toMillis());
            long lastInOutage = traffic.presented();
            // Every card presented while the broker was away has its grant in the journal (the last one may
            // still be in flight: it is looked for after the decision's own wait).
            Thread.sleep(500);
            java.util.Set<String> granted = new java.util.HashSet<>();
            site.journal().after(before).stream()
                    .filter(e -> Compound.isDecision(e, gate.id()) && "grant".equals(e.text("decision")))
                    .forEach(e -> granted.add(e.text("subject")));
            List<String> undecided = new java.util.ArrayList<>();
            for (long i = firstInOutage; i < lastInOutage; i++) {
                if (!granted.contains("c-" + i)) {
                    undecided.add("c-" + i);
                }
            }
            checks.check(
                    "every card read during the " + outage.toSeconds() + " s outage granted and journaled",
                    lastInOutage - firstInOutage >= outage.toMillis() / EVERY.toMillis() / 4 && undecided.isEmpty(),
                    (lastInOutage - firstInOutage) + " reads, "
                            + (undecided.isEmpty() ? "all granted" : "not: " + undecided));
            long late = site.upstream().arrivals().stream()
                    .skip(arrivedBefore)
                    .filter(a -> a.seq() > before && a.at().isAfter(cutAt.plusMillis(500)))
                    .count();
            checks.equal("nothing reached the platform while its broker was away", 0L, late);
            long backlog = site.journal().lastSeq() - before;
            Instant back = Instant.now();
            site.relay().mend();
            Thread.sleep(2_000);
            traffic.close();
            Delivery.complete(site, checks, 0);
            // The backlog is what was journaled between the cut and the return; its drain ends with its last arrival.
            long last = before + backlog;
            List<Instant> backlogArrivals = site.upstream().arrivals().stream()
                    .filter(a -> a.seq() > before && a.seq() <= last)
                    .map(UpstreamRecorder.Arrival::at)
                    .sorted()
                    .toList();
            if (!backlogArrivals.isEmpty()) {
                Instant first = backlogArrivals.get(0);
                Instant drained = backlogArrivals.get(backlogArrivals.size() - 1);
                long ms = Math.max(1, Duration.between(first, drained).toMillis());
                checks.note(String.format(
                        java.util.Locale.ROOT,
                        "gateway back on the broker %d ms after it returned (its reconnection backoff); backlog of %d"
                                + " events drained in %d ms after that (%.0f events/s)",
                        Duration.between(back, first).toMillis(),
                        backlog,
                        ms,
                        backlog * 1000.0 / ms));
            }
        }
    }
}
