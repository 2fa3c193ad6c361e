package io.courtyard.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A raise and a clear racing: the listeners must end on the state in force. */
class EmergenciesTest {
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
        Thread clearer = new Thread(() -> em.clear(EmergencyMode.FIRE, "operator:test"));
        clearer.start();
        clearer.join(200); // unserialized, the clear would be done and notified by now
        release.countDown();
        raiser.join(5_000);
        clearer.join(5_000);
        assertTrue(em.current().active().isEmpty());
        assertEquals(em.current(), last.get());
    }
}
