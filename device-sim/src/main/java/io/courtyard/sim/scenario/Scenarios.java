package io.courtyard.sim.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The named scenarios, in the order {@code scenario --list} shows them. */
public final class Scenarios {
    /** How a scenario runs, given the site file, its work directory and where its checks go. */
    @FunctionalInterface
    public interface Runner {
        void run(Path site, Path dir, Checks checks, boolean shortRun) throws Exception;
    }

    /** A scenario's name, what it shows, and how it runs. */
    public record Entry(String name, String summary, Runner runner) {
        /** One that plays on the runner's site: a gateway process on the derived site file, the emulators, the broker. */
        static Entry of(String name, String summary, Supplier<Scenario> make) {
            return new Entry(name, summary, (site, dir, checks, shortRun) -> {
                Scenario scenario = make.get();
                try (Site s = Site.start(site, dir, scenario)) {
                    scenario.run(s, checks, shortRun);
                }
            });
        }
    }

    private static final List<Entry> ALL = List.of(
            Entry.of(
                    "resident-day",
                    "residents' cards open the gates; elevator cards enable only their floors; rides recorded",
                    ResidentDay::new),
            Entry.of(
                    "visitor-flow",
                    "visitor passes work inside their window only and are refused before, after, and once used up",
                    VisitorFlow::new),
            Entry.of(
                    "parking-full",
                    "residents' plates in until the lot is full; then visitors and other residents are refused",
                    ParkingFull::new),
            Entry.of(
                    "trapped-passenger",
                    "a trapped passenger opens a critical fault; the rescue clock raises an overdue alarm",
                    TrappedPassenger::new),
            Entry.of(
                    "uplink-outage",
                    "the platform broker goes away mid-run: decisions go on, and afterwards every event arrives",
                    UplinkOutage::new),
            Entry.of(
                    "gateway-crash",
                    "kill -9 mid-traffic and restart: every acknowledged event is journaled and arrives upstream",
                    GatewayCrash::new),
            Entry.of(
                    "revocation",
                    "a signed delta revokes a card: refused within 1 s of the delta arriving, measured",
                    Revocation::new),
            Entry.of(
                    "attack",
                    "unknown, revoked and cloned cards, garbage on the bus and the camera port, a wrong-password"
                            + " monitor: all refused while residents keep passing",
                    Attack::new),
            new Entry(
                    "month-bill",
                    "a month fast-forwarded on a simulated clock: every ride recorded, and a bill that sums to"
                            + " its total and verifies against the journal",
                    MonthBill::run));

    private Scenarios() {}

    public static List<Entry> all() {
        return ALL;
    }

    public static Optional<Entry> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
