package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.SiteConfig.Household;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Residents come home: each card opens the gate (a journaled grant and the strike relay pulsed),
 * then the elevator's reader enables exactly the resident's floor and the unit's public floors,
 * the press of that floor is recorded as a ride and the press of a floor not enabled is not; a
 * resident of another unit is refused the car. Every decision and ride reaches the platform.
 */
final class ResidentDay implements Scenario {
    private static final long FIRST_CARD = 1000;

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Gate gate = c.gate();
        Elevator lift = c.elevator();
        List<Household> homes = c.householdsServedBy(lift);
        if (homes.size() < 2) {
            throw new IllegalStateException(lift.id() + " serves fewer than two households above its public floors");
        }
        int residents = Math.min(homes.size(), shortRun ? 2 : 8);
        List<String> devices = new ArrayList<>(c.gates().stream().map(Gate::id).toList());
        devices.add(lift.id());
        SiteList list = SiteList.snapshot(site.siteId(), 1).group("residents", devices, Map.of());
        for (int i = 0; i < residents; i++) {
            list.resident("r-" + i, homes.get(i).id(), "residents").card("c-" + i, "r-" + i, FIRST_CARD + i, "active");
        }
        Optional<Household> elsewhere = c.householdElsewhere(lift);
        elsewhere.ifPresent(
                h -> list.resident("r-x", h.id(), "residents").card("c-x", "r-x", FIRST_CARD + 99, "active"));
        long start = site.journal().lastSeq();
        site.publish(list);

        int rides = 0;
        for (int i = 0; i < residents; i++) {
            Household home = homes.get(i);
            String holder = "r-" + i;
            // The previous pulse runs out first, so this card's pulse is a switch-on of its own.
            waitFor(() -> !c.strikeOn(gate), gate.pulse().plusSeconds(2));
            int strikes = c.strikes(gate);
            JournalFile.Event atGate = c.decide(gate.id(), FIRST_CARD + i);
            checks.check(
                    "r-" + i + " (" + home.id() + ") granted at " + gate.id(),
                    "grant".equals(atGate.text("decision")) && ("c-" + i).equals(atGate.text("subject")),
                    atGate.text("decision") + " " + atGate.text("reason") + " subject " + atGate.text("subject"));
            checks.check(
                    gate.id() + " strike pulsed for r-" + i,
                    waitFor(() -> c.strikes(gate) > strikes, Duration.ofSeconds(3)),
                    "activations " + strikes + " -> " + c.strikes(gate));

            TreeSet<Integer> expected = new TreeSet<>(lift.publicFloors());
            expected.add(home.floor());
            expected.retainAll(lift.floorOutputs().keySet());
            JournalFile.Event inCar = c.decide(lift.id(), FIRST_CARD + i);
            List<Integer> floors = new ArrayList<>();
            inCar.body().path("actuation").path("floors").forEach(f -> floors.add(f.asInt()));
            checks.equal("r-" + i + " in " + lift.id() + ": floors enabled", List.copyOf(expected), floors);
            checks.check(
                    lift.id() + " relays on for r-" + i + "'s floor " + home.floor(),
                    waitFor(() -> c.enabledFloors(lift).containsAll(expected), Duration.ofSeconds(3)),
                    "relays on for " + c.enabledFloors(lift));

            // A floor the card did not enable: pressing it records no ride. Then the home floor: one ride.
            int other = homes.get((i + 1) % homes.size()).floor();
            long mark = site.journal().lastSeq();
            if (!expected.contains(other)) {
                c.press(lift, other);
            }
            c.press(lift, home.floor());
            Optional<JournalFile.Event> ride = site.journal()
                    .await(
                            mark,
                            e -> "ride".equals(e.kind()) && holder.equals(e.text("holder")),
                            Duration.ofSeconds(5));
            checks.check(
                    "r-" + i + "'s ride to floor " + home.floor() + " recorded",
                    ride.isPresent() && ride.get().body().path("toFloor").asInt() == home.floor(),
                    ride.map(r -> "toFloor " + r.body().path("toFloor").asInt()).orElse("no ride journaled"));
            Thread.sleep(300);
            long stray = site.journal().after(mark).stream()
                    .filter(e ->
                            "ride".equals(e.kind()) && e.body().path("toFloor").asInt() == other)
                    .count();
            if (!expected.contains(other)) {
                checks.equal("press of floor " + other + " (not enabled for r-" + i + ") recorded no ride", 0L, stray);
            }
            rides += ride.isPresent() ? 1 : 0;
        }
        if (elsewhere.isPresent()) {
            JournalFile.Event e = c.decide(lift.id(), FIRST_CARD + 99);
            checks.check(
                    "resident of " + elsewhere.get().id() + " refused in " + lift.id() + " (another unit's car)",
                    "deny".equals(e.text("decision")) && "no-floor".equals(e.text("reason")),
                    e.text("decision") + " " + e.text("reason"));
        }
        long ridesJournaled = site.journal().after(start).stream()
                .filter(e -> "ride".equals(e.kind()))
                .count();
        checks.equal("rides journaled", (long) rides, ridesJournaled);
        Delivery.allArrived(site, checks, start, e -> "access".equals(e.kind()) || "ride".equals(e.kind()));
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
