package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.ElevatorControl;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.SiteConfig.Building;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.config.SiteConfig.Unit;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.sim.osdp.EmulatedPd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The site's devices and households as a scenario needs them, picked from the run's configuration
 * (never hard-coded to the demo), and the acts of people at them: a card at a reader, a floor button.
 */
final class Compound {
    private final Site site;

    Compound(Site site) {
        this.site = site;
    }

    /** The configured gates; a scenario that needs one fails with this message when there is none. */
    List<Gate> gates() {
        return site.config().devices().gates();
    }

    Gate gate() {
        return gates().stream().findFirst().orElseThrow(() -> new IllegalStateException("the site configures no gate"));
    }

    /** The first elevator under enable control (floor buttons enabled by relays), where rides are observable. */
    Elevator elevator() {
        return site.config().devices().elevators().stream()
                .filter(e -> e.control() == ElevatorControl.ENABLE
                        && !e.floorInputs().isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the site configures no elevator with floorInputs"));
    }

    /** An entry barrier with a camera, and the zone it serves. */
    Optional<Barrier> barrier(Direction direction, String zone) {
        return site.config().devices().barriers().stream()
                .filter(b -> b.direction() == direction && site.cars().has(b.id()))
                .filter(b -> zone == null || b.zone().equals(zone))
                .findFirst();
    }

    /** One household per floor of the elevator's own unit that it serves above its public floors, highest first. */
    List<Household> householdsServedBy(Elevator e) {
        Map<Integer, Household> byFloor = new TreeMap<>(Comparator.reverseOrder());
        households()
                .filter(h -> h.building().equals(e.building()) && h.unit().equals(e.unit()))
                .filter(h -> e.floorOutputs().containsKey(h.floor())
                        && !e.publicFloors().contains(h.floor()))
                .forEach(h -> byFloor.putIfAbsent(h.floor(), h));
        return new ArrayList<>(byFloor.values());
    }

    /** A household of another unit than {@code e}'s, if the site has one. */
    Optional<Household> householdElsewhere(Elevator e) {
        return households()
                .filter(h -> !(h.building().equals(e.building()) && h.unit().equals(e.unit())))
                .findFirst();
    }

    Stream<Household> households() {
        return site.config().site().buildings().stream()
                .map(Building::units)
                .flatMap(List::stream)
                .map(Unit::households)
                .flatMap(List::stream);
    }

    /** Presents card {@code number} (the run's facility) at {@code device}'s reader. */
    void present(String device, long number) {
        PdRef r = reader(device);
        site.osdp().presentCard(r.bus(), r.address(), WiegandFormat.H10301, SiteList.FACILITY, number);
    }

    /** Presents the card and returns the gateway's journaled decision at {@code device}. */
    JournalFile.Event decide(String device, long number) throws Exception {
        long mark = site.journal().lastSeq();
        present(device, number);
        return site.journal()
                .await(mark, e -> isDecision(e, device), Duration.ofSeconds(5))
                .orElseThrow(() -> new IllegalStateException("no decision journaled at " + device + " within 5 s"));
    }

    static boolean isDecision(JournalFile.Event e, String device) {
        return "access".equals(e.kind())
                && e.device().equals(device)
                && e.body().has("decision");
    }

    /** Whether the gate's strike relay is on (a pulse under way). */
    boolean strikeOn(Gate g) {
        return site.osdp().output(g.io().bus(), g.io().address(), g.strikeOutput());
    }

    /** Times the gate's strike relay has switched on so far. */
    int strikes(Gate g) {
        return site.osdp().pd(g.io().bus(), g.io().address()).activations(g.strikeOutput());
    }

    /** The elevator's floors whose enable relay is on right now. */
    List<Integer> enabledFloors(Elevator e) {
        EmulatedPd relays = site.osdp().pd(e.relays().bus(), e.relays().address());
        return e.floorOutputs().entrySet().stream()
                .filter(f -> relays.output(f.getValue()))
                .map(f -> f.getKey())
                .sorted()
                .toList();
    }

    /** A passenger presses the floor's button in the car: the input goes active, then released. */
    void press(Elevator e, int floor) throws InterruptedException {
        Integer input = e.floorInputs().get(floor);
        if (input == null) {
            throw new IllegalArgumentException(e.id() + " has no button input for floor " + floor);
        }
        site.osdp().setInput(e.relays().bus(), e.relays().address(), input, true);
        Thread.sleep(300);
        site.osdp().setInput(e.relays().bus(), e.relays().address(), input, false);
    }

    private PdRef reader(String device) {
        return gates().stream()
                .filter(g -> g.id().equals(device))
                .map(Gate::reader)
                .findFirst()
                .or(() -> site.config().devices().elevators().stream()
                        .filter(e -> e.id().equals(device))
                        .map(Elevator::reader)
                        .findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no reader for device " + device));
    }
}
