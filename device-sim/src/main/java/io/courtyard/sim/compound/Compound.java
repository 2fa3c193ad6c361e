package io.courtyard.sim.compound;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.SiteConfig.Household;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The people of a compound, made from the same site configuration the gateway reads: every household
 * gets one to four residents (workers, elderly, children), each with a card, and about half of them a
 * car; the property has staff and a lift crew. The same configuration and seed give the same
 * compound, card for card.
 */
public final class Compound {
    /** The cards' facility code, as in the demo's example list. */
    public static final int FACILITY = 12;
    /** Card numbers start here, above the example list's hand-made ones. */
    static final long FIRST_CARD = 10_000;

    private static final String PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXY";

    private final String site;
    private final List<Home> homes;
    private final List<Person> staff;
    private final List<Person> crew;
    private final List<String> gates;
    private final List<String> elevators;
    private final Optional<String> entry;
    private final Optional<String> exit;

    private Compound(
            String site,
            List<Home> homes,
            List<Person> staff,
            List<Person> crew,
            List<String> gates,
            List<String> elevators,
            Optional<String> entry,
            Optional<String> exit) {
        this.site = site;
        this.homes = homes;
        this.staff = staff;
        this.crew = crew;
        this.gates = gates;
        this.elevators = elevators;
        this.entry = entry;
        this.exit = exit;
    }

    /** The compound of {@code config}'s site and devices, its people drawn from {@code seed}. */
    public static Compound of(GatewayConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DevicesConfig d = config.devices();
        long[] card = {FIRST_CARD};
        List<Home> homes = new ArrayList<>();
        for (Household h : config.site().households()) {
            Optional<String> elevator = d.elevators().stream()
                    .filter(e -> e.building().equals(h.building()) && e.unit().equals(h.unit()))
                    .map(Elevator::id)
                    .findFirst();
            int size = 1 + random.nextInt(4);
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Role role = role(i, size, random);
                people.add(new Person("r-" + h.id() + "-" + (char) ('a' + i), role, h.id(), card[0]++));
            }
            List<String> plates = random.nextInt(100) < 55 ? List.of(plate(random)) : List.of();
            homes.add(new Home(h, elevator, List.copyOf(people), plates));
        }
        List<Person> staff = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            staff.add(new Person("sim-staff-" + i, Role.STAFF, null, card[0]++));
        }
        List<Person> crew = List.of(
                new Person("sim-crew-1", Role.CREW, null, card[0]++),
                new Person("sim-crew-2", Role.CREW, null, card[0]++));
        return new Compound(
                config.site().id(),
                List.copyOf(homes),
                List.copyOf(staff),
                crew,
                d.gates().stream().map(Gate::id).toList(),
                d.elevators().stream().map(Elevator::id).toList(),
                barrier(d, Direction.ENTRY),
                barrier(d, Direction.EXIT));
    }

    /** The first resident works (someone pays the rent); then a mix weighted like an old compound's. */
    private static Role role(int index, int size, SplittableRandom random) {
        if (size == 1) {
            return random.nextInt(100) < 45 ? Role.ELDERLY : Role.WORKER;
        }
        if (index == 0) {
            return Role.WORKER;
        }
        int r = random.nextInt(100);
        return r < 35 ? Role.ELDERLY : r < 60 ? Role.CHILD : Role.WORKER;
    }

    /** A Beijing-style plate, 京 and a letter and five characters, unique enough for one compound. */
    private static String plate(SplittableRandom random) {
        StringBuilder b = new StringBuilder("京").append(PLATE_LETTERS.charAt(random.nextInt(PLATE_LETTERS.length())));
        for (int i = 0; i < 5; i++) {
            b.append(
                    i == 0
                            ? PLATE_LETTERS.charAt(random.nextInt(PLATE_LETTERS.length()))
                            : (char) ('0' + random.nextInt(10)));
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    private static Optional<String> barrier(DevicesConfig d, Direction direction) {
        return d.barriers().stream()
                .filter(b -> b.direction() == direction && b.camera().isPresent())
                .map(Barrier::id)
                .findFirst();
    }

    public String site() {
        return site;
    }

    public List<Home> homes() {
        return homes;
    }

    public List<Person> staff() {
        return staff;
    }

    public List<Person> crew() {
        return crew;
    }

    public List<String> gates() {
        return gates;
    }

    /** The card-controlled elevators, in configuration order. */
    public List<String> elevators() {
        return elevators;
    }

    /** The entry barrier with a camera, if any. */
    public Optional<String> entry() {
        return entry;
    }

    /** The exit barrier with a camera, if any. */
    public Optional<String> exit() {
        return exit;
    }

    public List<Person> residents() {
        return homes.stream().flatMap(h -> h.residents().stream()).toList();
    }

    /** The plates with a resident permit. */
    public List<String> plates() {
        return homes.stream().flatMap(h -> h.plates().stream()).toList();
    }

    public Optional<Home> home(String household) {
        return homes.stream().filter(h -> h.id().equals(household)).findFirst();
    }
}
