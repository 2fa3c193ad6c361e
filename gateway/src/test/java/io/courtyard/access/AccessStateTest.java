package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stateful rules under concurrency and as a model: what they record must always add up. */
@Timeout(60)
class AccessStateTest {
    private static final java.time.Instant MON_10 = at("2026-03-02T10:00");

    @RepeatedTest(5)
    void concurrentEntriesNeverOverfillAZoneOrOverspendAPass() throws Exception {
        // Many vehicles race for main-lot (capacity 2); the visitor's two-use pass races with itself.
        List<VehiclePermit> extra = new ArrayList<>();
        AccessList base = list();
        Map<String, VehiclePermit> permits = new HashMap<>(base.permits());
        for (int i = 0; i < 40; i++) {
            VehiclePermit p = new VehiclePermit(
                    "px" + i,
                    "r3",
                    CredentialKey.parse("plate:京F" + String.format(java.util.Locale.ROOT, "%05d", i)),
                    "main-lot",
                    VehiclePermit.Space.NONE,
                    null,
                    false,
                    Validity.ALWAYS,
                    Status.ACTIVE);
            permits.put(p.id(), p);
            extra.add(p);
        }
        AccessList list = new AccessList(
                8,
                base.issuedAt(),
                base.holders(),
                base.credentials(),
                base.passes(),
                permits,
                base.groups(),
                base.schedules(),
                base.calendar());
        AccessEngine engine = engine(list);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger passGrants = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (VehiclePermit p : extra) {
            fs.add(pool.submit(() -> {
                go.await();
                if (engine.decide(AccessRequest.of("east-entry", p.plate(), MON_10))
                        .granted()) {
                    granted.incrementAndGet();
                }
                return null;
            }));
        }
        for (int i = 0; i < 8; i++) {
            fs.add(pool.submit(() -> {
                go.await();
                // Alternate entry and exit on the soft visitor lot so that anti-passback never stops it.
                for (int k = 0; k < 5; k++) {
                    if (engine.decide(AccessRequest.of("west-entry", PLATE_V2, MON_10))
                            .granted()) {
                        passGrants.incrementAndGet();
                    }
                    engine.decide(AccessRequest.of("west-exit", PLATE_V2, MON_10));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(2, granted.get(), "exactly the capacity was admitted");
        assertEquals(2, engine.state().occupancy("main-lot"));
        assertEquals(2, passGrants.get(), "the two-use pass admitted exactly twice");
        assertEquals(2, engine.state().uses("v2"));
    }

    /**
     * A random walk of vehicles through the main lot's barriers, checked against a plain model:
     * occupancy equals the vehicles the model has inside, and never exceeds the capacity except
     * by reserved spaces.
     */
    @Test
    void occupancyFollowsAModelOverARandomWalk() {
        AccessEngine engine = engine();
        Random random = new Random(42);
        CredentialKey[] cars = {PLATE_P1, PLATE_P2, PLATE_P4, PLATE_S1, PLATE_V2};
        boolean[] inside = new boolean[cars.length];
        for (int step = 0; step < 2000; step++) {
            int c = random.nextInt(cars.length);
            boolean entry = random.nextBoolean();
            Decision d = engine.decide(AccessRequest.of(entry ? "east-entry" : "east-exit", cars[c], MON_10));
            int before = count(inside);
            if (d.granted()) {
                inside[c] = entry;
            }
            int n = count(inside);
            assertEquals(n, engine.state().occupancy("main-lot"), () -> "after " + d);
            boolean reservedInside = inside[0];
            assertTrue(n <= 2 || reservedInside && n <= 3, "over capacity without a reserved space");
            if (d.reason() == Reason.ANTI_PASSBACK) {
                assertEquals(before, n);
            }
        }
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    @Test
    void replayedChangesRebuildTheSameState() {
        AccessEngine engine = engine();
        List<StateChange> changes = new ArrayList<>();
        for (String[] r : new String[][] {
            {"east-entry", "plate:京A12345"}, {"east-entry", "plate:京AD12345"}, {"east-exit", "plate:京A12345"},
            {"west-entry", "plate:京B12345"}, {"north-gate", "code:483920"}, {"turnstile-in", "card:h10301/12/1001"}
        }) {
            Decision d = engine.decide(AccessRequest.of(r[0], CredentialKey.parse(r[1]), MON_10));
            assertTrue(d.granted(), d::toString);
            if (d.change() != null) {
                changes.add(d.change());
            }
        }
        AccessState rebuilt = new AccessState();
        // Twice, as a crash between projecting and acknowledging replays a batch.
        changes.forEach(c -> rebuilt.replay(c, MON_10));
        changes.forEach(c -> rebuilt.replay(c, MON_10));
        rebuilt.recountOccupancy();

        assertEquals(engine.state().occupancy("main-lot"), rebuilt.occupancy("main-lot"));
        assertEquals(1, rebuilt.occupancy("main-lot"));
        assertEquals(1, rebuilt.occupancy("visitor-lot"));
        assertEquals(1, rebuilt.uses("v1"));
        assertEquals(1, rebuilt.uses("v2"));
        assertEquals(StateChange.Position.IN, rebuilt.position("holder:r1", "pair:lobby"));
        assertEquals(StateChange.Position.OUT, rebuilt.position("permit:p1", "zone:main-lot"));
    }
}
