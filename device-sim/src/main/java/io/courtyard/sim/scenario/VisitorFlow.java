package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.SiteConfig.Household;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Visitors with card passes issued by a household: a single-entry pass opens the gate once, takes
 * the visitor to the host's floor only, and is refused at the gate the second time; passes whose
 * window has not begun or has ended are refused; a pass whose window closes during the run works
 * before and is refused after; a pass for the elevator alone does not open the gate.
 */
final class VisitorFlow implements Scenario {
    private static final long ONCE = 3001;
    private static final long LATER = 3002;
    private static final long PAST = 3003;
    private static final long WINDOW = 3004;
    private static final long LIFT_ONLY = 3005;

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Gate gate = c.gate();
        Elevator lift = c.elevator();
        Household host = c.householdsServedBy(lift).get(0);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant windowEnd = now.plus(shortRun ? Duration.ofSeconds(6) : Duration.ofSeconds(30));
        List<String> both = List.of(gate.id(), lift.id());
        site.publish(SiteList.snapshot(site.siteId(), 1)
                .cardPass(
                        "v-once",
                        host.id(),
                        ONCE,
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofHours(1)),
                        both,
                        1)
                .cardPass(
                        "v-later",
                        host.id(),
                        LATER,
                        now.plus(Duration.ofHours(1)),
                        now.plus(Duration.ofHours(2)),
                        both,
                        0)
                .cardPass(
                        "v-past",
                        host.id(),
                        PAST,
                        now.minus(Duration.ofHours(2)),
                        now.minus(Duration.ofHours(1)),
                        both,
                        0)
                .cardPass("v-window", host.id(), WINDOW, now.minus(Duration.ofMinutes(1)), windowEnd, both, 0)
                .cardPass(
                        "v-lift",
                        host.id(),
                        LIFT_ONLY,
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofHours(1)),
                        List.of(lift.id()),
                        0));
        long start = site.journal().lastSeq();

        expect(checks, c.decide(gate.id(), ONCE), "single-entry pass v-once opens " + gate.id(), "grant", "granted");
        JournalFile.Event ride = c.decide(lift.id(), ONCE);
        List<Integer> floors = new ArrayList<>();
        ride.body().path("actuation").path("floors").forEach(f -> floors.add(f.asInt()));
        checks.check(
                "v-once in " + lift.id() + ": the host's floor " + host.floor() + " only",
                "grant".equals(ride.text("decision")) && floors.equals(List.of(host.floor())),
                ride.text("decision") + " floors " + floors);
        expect(checks, c.decide(gate.id(), ONCE), "v-once refused at its second entry", "deny", "pass-used-up");
        expect(checks, c.decide(gate.id(), LATER), "v-later refused before its window", "deny", "not-yet-valid");
        expect(checks, c.decide(gate.id(), PAST), "v-past refused after its window", "deny", "expired");
        expect(
                checks,
                c.decide(gate.id(), LIFT_ONLY),
                "v-lift (elevator only) refused at the gate",
                "deny",
                "no-permission");
        expect(checks, c.decide(gate.id(), WINDOW), "v-window granted inside its window", "grant", "granted");
        Duration wait = Duration.between(Instant.now(), windowEnd).plusMillis(300);
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
        expect(checks, c.decide(gate.id(), WINDOW), "v-window refused once its window closed", "deny", "expired");
        expect(checks, c.decide(lift.id(), WINDOW), "v-window refused in the car too", "deny", "expired");
        Delivery.allArrived(site, checks, start, e -> "access".equals(e.kind()));
    }

    static void expect(Checks checks, JournalFile.Event e, String what, String decision, String reason) {
        checks.check(
                what,
                decision.equals(e.text("decision")) && reason.equals(e.text("reason")),
                e.text("decision") + " " + e.text("reason"));
    }
}
