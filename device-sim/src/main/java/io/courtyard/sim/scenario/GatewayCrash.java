package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.lpr.VzenithCamera;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kill -9} of the gateway process, through its handle, in the middle of card reads, camera
 * pushes and monitor publishes; then a restart on the same state. Every push the camera had an
 * answer for and every status the monitor had a PUBACK for must be in the journal and upstream;
 * so must every card read the reader was driven for, except one acted on within the journal's
 * commit window before the kill (ordinary decisions are acted on from memory, README "Decisions"),
 * which is counted and shown. The database passes its integrity check.
 */
final class GatewayCrash implements Scenario {
    private static final long FIRST_CARD = 20_000;
    private static final Duration EVERY = Duration.ofMillis(50);
    /** How close to the kill a decision acted on from memory may be and still be missing from the journal. */
    private static final Duration COMMIT_WINDOW = Duration.ofMillis(250);

    private static final String[] PLATES = {"京A30001", "京A30002", "京A30003"};

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Gate gate = c.gate();
        String household = c.households().findFirst().orElseThrow().id();
        int rounds = shortRun ? 1 : 3;
        int cards = 400 * rounds;
        Optional<Barrier> entry = c.barrier(Direction.ENTRY, null);
        SiteList list = SiteList.snapshot(site.siteId(), 1)
                .group("residents", List.of(gate.id()), Map.of())
                .resident("r-1", household, "residents");
        for (int i = 0; i < cards; i++) {
            list.card("c-" + i, "r-1", FIRST_CARD + i, "active");
        }
        for (int i = 0; i < PLATES.length && entry.isPresent(); i++) {
            list.permit("p-" + i, "r-1", PLATES[i], entry.get().zone(), true);
        }
        site.publish(list);
        Optional<VzenithCamera> camera = entry.flatMap(b -> site.cars().vzenith(b.id()));
        if (camera.isEmpty()) {
            checks.note("no Vzenith entry camera in this site: the crash is checked on cards and monitors only");
        }
        List<String> answered = new CopyOnWriteArrayList<>();
        AtomicBoolean pushing = new AtomicBoolean(true);
        Thread pusher = Threads.named("scenario-camera", true).newThread(() -> push(camera, answered, pushing));
        List<Instant> kills = new ArrayList<>();
        try (Traffic traffic = new Traffic(site, FIRST_CARD, cards).start(EVERY)) {
            pusher.start();
            for (int round = 0; round < rounds; round++) {
                int acted = traffic.acted().size();
                int pubacks = traffic.pubacked().size();
                // The kill clock starts once the gateway has acknowledged some of each: a cold JVM is slow.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((traffic.acted().size() < acted + 20
                                || traffic.pubacked().size() < pubacks + 5)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(100, 800));
                kills.add(Instant.now());
                site.crashAndRestart();
                checks.note("round " + (round + 1) + ": SIGKILL through the process handle, restarted as pid "
                        + site.gateway().pid());
            }
            Thread.sleep(2_000);
            pushing.set(false);
            pusher.join(20_000);
            traffic.close();
            camera.ifPresent(v -> v.drainOffline(null));
            checks.equal("database intact after the kill", "ok", site.journal().integrity());
            cardsJournaled(site, checks, traffic.acted(), kills);
            statusesJournaled(site, checks, traffic.pubacked());
            if (camera.isPresent()) {
                Set<String> keys = new HashSet<>();
                site.journal().all().forEach(e -> keys.add(e.text("key")));
                List<String> lost =
                        answered.stream().filter(k -> !keys.contains(k)).toList();
                checks.check(
                        "every camera push answered is journaled",
                        !answered.isEmpty() && lost.isEmpty(),
                        answered.size() + " answered" + (lost.isEmpty() ? "" : ", missing " + lost));
            }
        }
        Delivery.complete(site, checks, 0);
    }

    private static void push(Optional<VzenithCamera> camera, List<String> answered, AtomicBoolean pushing) {
        int i = 0;
        while (pushing.get() && camera.isPresent()) {
            VzenithCamera v = camera.get();
            VzenithCamera.Push p = v.read(PLATES[i++ % PLATES.length], 96);
            if (p.outcome() != null && p.outcome().answered()) {
                answered.add("vzenith/" + v.serial() + "/" + p.record().plateId());
            }
            try {
                Thread.sleep(EVERY.toMillis() * 2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void cardsJournaled(Site site, Checks checks, List<Traffic.Acted> acted, List<Instant> kills)
            throws Exception {
        Set<String> subjects = new HashSet<>();
        site.journal().all().stream()
                .filter(e -> "access".equals(e.kind()))
                .forEach(e -> subjects.add(e.text("subject")));
        List<Traffic.Acted> missing = acted.stream()
                .filter(a -> !subjects.contains("c-" + (a.card() - FIRST_CARD)))
                .toList();
        List<Traffic.Acted> unexplained = missing.stream()
                .filter(a -> kills.stream()
                        .noneMatch(k -> !a.at().isAfter(k.plusMillis(50)) && a.at().isAfter(k.minus(COMMIT_WINDOW))))
                .toList();
        checks.check(
                "every card read the reader was driven for is journaled (but the commit window at a kill)",
                !acted.isEmpty() && unexplained.isEmpty(),
                acted.size() + " acted on, " + missing.size() + " within " + COMMIT_WINDOW.toMillis()
                        + " ms before a kill not journaled"
                        + (unexplained.isEmpty() ? "" : ", unexplained: cards " + unexplained));
    }

    private static void statusesJournaled(Site site, Checks checks, List<Instant> pubacked) throws Exception {
        if (pubacked.isEmpty() && site.config().devices().monitors().isEmpty()) {
            return;
        }
        Set<Instant> journaled = new HashSet<>();
        site.journal().all().stream()
                .filter(e -> "monitor-status".equals(e.text("state")))
                .forEach(e -> journaled.add(e.ts()));
        List<Instant> lost =
                pubacked.stream().filter(t -> !journaled.contains(t)).toList();
        checks.check(
                "every monitor status PUBACKed is journaled",
                !pubacked.isEmpty() && lost.isEmpty(),
                pubacked.size() + " PUBACKed" + (lost.isEmpty() ? "" : ", missing device times " + lost));
    }
}
