package io.courtyard.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.journal.event.EventKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raise and a clear racing: the listeners must end on the state in force. A change takes effect
 * at once and is reported done only once durable; one the journal could not record stays in force
 * and is recorded when repeated.
 */
@Timeout(60)
class EmergenciesTest {
    @TempDir
    Path dir;

    @Test
    void aLockdownTheJournalCannotCommitStaysInForceAndRepeatingItMakesItSurviveARestart() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, Instant.parse("2026-03-02T02:00:00Z"))) {
            Emergencies em = rig.service.emergencies();
            rig.failCommits();

            CompletableFuture<Boolean> first = em.raise(EmergencyMode.LOCKDOWN, "operator:test");

            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                    .as("not reported done: a crash now would forget it")
                    .isInstanceOf(ExecutionException.class);
            assertTrue(em.current().lockdown(), "in force at once all the same: fail secure");
            rig.repairDisk();
            assertEquals(
                    false, em.raise(EmergencyMode.LOCKDOWN, "operator:test").get(10, TimeUnit.SECONDS));
            assertEquals(
                    false,
                    em.raise(EmergencyMode.LOCKDOWN, "operator:test").get(10, TimeUnit.SECONDS),
                    "recorded once, a third raise writes nothing");
            assertEquals(
                    1,
                    rig.events(EventKind.ALARM).stream()
                            .filter(e -> e[1].contains("\"alarm\":\"emergency\""))
                            .count());
        }
        try (AccessServiceRig restarted = new AccessServiceRig(dir, Instant.parse("2026-03-02T02:00:00Z"))) {
            assertTrue(restarted.service.state().emergency().lockdown(), "the lockdown survived the restart");
        }
    }

    @Test
    void aChangeIsReportedDoneOnlyOnceItsEventIsDurable() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, Instant.parse("2026-03-02T02:00:00Z"))) {
            rig.hold();

            CompletableFuture<Boolean> raised = rig.service.emergencies().raise(EmergencyMode.FIRE, "input:panel");

            assertTrue(rig.service.emergencies().current().fire(), "doors open without waiting for a disk");
            assertFalse(raised.isDone());
            rig.release();
            assertTrue(raised.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClearRacingASlowRaiseNotificationIsDeliveredLast() throws Exception {
        Emergencies em = new Emergencies(
                new AccessState(),
                AccessFixture.site(),
                d -> CompletableFuture.completedFuture(null),
                Clock.systemUTC());
        AtomicReference<Emergency> last = new AtomicReference<>();
        CountDownLatch inRaise = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        em.subscribe(e -> {
            if (e.active().containsKey(EmergencyMode.FIRE) && inRaise.getCount() > 0) {
                // A slow adapter on the raise: the clear arrives while it is still being told.
                inRaise.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            last.set(e);
        });
        Thread raiser = new Thread(() -> em.raise(EmergencyMode.FIRE, "input:panel"));
        raiser.start();
        assertTrue(inRaise.await(5, TimeUnit.SECONDS));
        Thread clearer = new Thread(() -> em.clear(EmergencyMode.FIRE, "input:panel"));
        clearer.start();
        clearer.join(200); // unserialized, the clear would be done and notified by now
        release.countDown();
        raiser.join(5_000);
        clearer.join(5_000);
        assertTrue(em.current().active().isEmpty());
        assertEquals(em.current(), last.get());
    }

    @Test
    void aFireThePanelConfirmedIsStillHeldByThePanelAfterARestart() throws Exception {
        Instant since;
        try (AccessServiceRig rig = new AccessServiceRig(dir, Instant.parse("2026-03-02T02:00:00Z"))) {
            Emergencies em = rig.service.emergencies();
            em.raise(EmergencyMode.FIRE, "upstream:n-1").get(10, TimeUnit.SECONDS);
            since = em.current().active().get(EmergencyMode.FIRE).since();
            rig.clock.advance(java.time.Duration.ofMinutes(3));
            assertEquals(false, em.raise(EmergencyMode.FIRE, "input:fire-panel").get(10, TimeUnit.SECONDS));
        }
        try (AccessServiceRig restarted = new AccessServiceRig(dir, Instant.parse("2026-03-02T02:10:00Z"))) {
            Emergencies em = restarted.service.emergencies();
            Emergency.Activation a = em.current().active().get(EmergencyMode.FIRE);
            assertEquals("input:fire-panel", a.source());
            assertEquals(since, a.since(), "in force since the platform raised it");
            assertThatThrownBy(
                            () -> em.clear(EmergencyMode.FIRE, "upstream:n-2").get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(Emergencies.HeldLocallyException.class);
            assertTrue(em.current().fire());
            assertEquals(true, em.clear(EmergencyMode.FIRE, "input:fire-panel").get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anOperatorOnTheDashboardMayNotClearAFireThePanelHoldsButClearsOneHeRaised() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, Instant.parse("2026-03-02T02:00:00Z"))) {
            Emergencies em = rig.service.emergencies();
            em.raise(EmergencyMode.FIRE, "input:fire-panel").get(10, TimeUnit.SECONDS);
            assertTrue(em.heldLocally(EmergencyMode.FIRE));

            assertThatThrownBy(
                            () -> em.clear(EmergencyMode.FIRE, "operator:admin").get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(Emergencies.HeldLocallyException.class);
            assertTrue(em.current().fire(), "the doors stay open");

            em.raise(EmergencyMode.LOCKDOWN, "operator:admin").get(10, TimeUnit.SECONDS);
            assertFalse(em.heldLocally(EmergencyMode.LOCKDOWN));
            assertEquals(
                    true, em.clear(EmergencyMode.LOCKDOWN, "operator:admin").get(10, TimeUnit.SECONDS));
            assertFalse(em.current().lockdown());
        }
    }
}
