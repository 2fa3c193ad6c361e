package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The platform revokes a card with a signed delta on the site's {@code acl} topic while its holder
 * keeps presenting it: the first refusal ({@code revoked}) must come within 1 s of the broker taking
 * the delta, measured from the gateway's own receive time of that card read; no read after the
 * delta applied is granted, and a neighbour's card keeps working.
 */
final class Revocation implements Scenario {
    private static final long FIRST_CARD = 2000;
    private static final long NEIGHBOUR = 2999;
    private static final Duration LIMIT = Duration.ofSeconds(1);

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Gate gate = c.gate();
        String household = c.households()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the site has no household"))
                .id();
        int rounds = shortRun ? 2 : 10;
        SiteList list = SiteList.snapshot(site.siteId(), 1).group("residents", List.of(gate.id()), Map.of());
        list.resident("neighbour", household, "residents").card("c-neighbour", "neighbour", NEIGHBOUR, "active");
        for (int i = 0; i < rounds; i++) {
            list.resident("r-" + i, household, "residents").card("c-" + i, "r-" + i, FIRST_CARD + i, "active");
        }
        site.publish(list);
        long worstMs = 0;
        for (int i = 0; i < rounds; i++) {
            long card = FIRST_CARD + i;
            JournalFile.Event before = c.decide(gate.id(), card);
            checks.check(
                    "c-" + i + " granted before its revocation",
                    "grant".equals(before.text("decision")),
                    before.text("decision") + " " + before.text("reason"));
            long mark = site.journal().lastSeq();
            SiteList delta =
                    SiteList.delta(site.siteId(), site.listVersion()).card("c-" + i, "r-" + i, card, "revoked");
            Instant sent = site.upstream().publish("acl", delta.sign(site.key()));
            // The holder keeps trying, as someone does at a door that will not open.
            JournalFile.Event refused = null;
            JournalFile.Event grantedAfter = null;
            Instant applied = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (refused == null && System.nanoTime() < deadline) {
                JournalFile.Event d = c.decide(gate.id(), card);
                if ("deny".equals(d.text("decision"))) {
                    refused = d;
                }
                applied = appliedAt(site, mark, delta.version());
                if ("grant".equals(d.text("decision"))
                        && applied != null
                        && d.receivedAt().isAfter(applied)) {
                    grantedAfter = d;
                }
            }
            if (refused == null) {
                checks.check("c-" + i + " refused after the delta", false, "still granted 5 s after the delta");
                continue;
            }
            long ms = Duration.between(sent, refused.receivedAt()).toMillis();
            worstMs = Math.max(worstMs, ms);
            checks.check(
                    "c-" + i + " refused 'revoked' within " + LIMIT.toMillis() + " ms of the delta",
                    "revoked".equals(refused.text("reason")) && ms < LIMIT.toMillis(),
                    String.format(
                            Locale.ROOT,
                            "%s after %d ms; delta applied after %s ms",
                            refused.text("reason"),
                            ms,
                            applied == null
                                    ? "?"
                                    : Long.toString(
                                            Duration.between(sent, applied).toMillis())));
            checks.check(
                    "no grant of c-" + i + " after the delta applied",
                    grantedAfter == null,
                    grantedAfter == null ? "" : "granted at seq " + grantedAfter.seq());
            site.listVersion(delta.version());
            JournalFile.Event n = c.decide(gate.id(), NEIGHBOUR);
            checks.check(
                    "neighbour's card still granted after revocation " + (i + 1),
                    "grant".equals(n.text("decision")),
                    n.text("decision") + " " + n.text("reason"));
        }
        checks.check("worst revocation latency under 1 s", worstMs < LIMIT.toMillis(), worstMs + " ms");
        Delivery.allArrived(site, checks, 0, e -> "access".equals(e.kind()) || "applied".equals(e.text("acl")));
    }

    private static Instant appliedAt(Site site, long mark, long version) throws Exception {
        return site.journal().after(mark).stream()
                .filter(e -> "applied".equals(e.text("acl"))
                        && e.body().path("version").asLong() == version)
                .map(JournalFile.Event::receivedAt)
                .findFirst()
                .orElse(null);
    }
}
