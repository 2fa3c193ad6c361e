package io.courtyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WriteGateTest {
    private final WriteGate gate = new WriteGate();
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void theWritersDoorGoesBeforeEveryoneAlreadyQueuedAtTheOrdinaryOne() throws Exception {
        gate.enter();
        Thread usage = queue("usage", false, 1);
        Thread faults = queue("faults", false, 2);
        Thread writer = queue("writer", true, 3);

        gate.leave();
        join(usage, faults, writer);

        assertThat(order).containsExactly("writer", "usage", "faults");
        assertThat(gate.queued()).isZero();
    }

    @Test
    void theOrdinaryDoorServesInTheOrderTheyCame() throws Exception {
        gate.enterFirst();
        Thread a = queue("access-state", false, 1);
        Thread b = queue("faults", false, 2);
        Thread c = queue("usage", false, 3);

        gate.leave();
        join(a, b, c);

        assertThat(order).containsExactly("access-state", "faults", "usage");
    }

    @Test
    void aWriterArrivingWhileTheGateIsFreeWalksIn() {
        assertThat(gate.tryEnterFirst()).isTrue();
        assertThat(gate.tryEnterFirst()).as("held").isFalse();
        gate.leave();
        gate.enterFirst();
        assertThat(gate.queued()).isZero();
        gate.leave();
        gate.enter();
        gate.leave();
        assertThat(gate.queued()).isZero();
    }

    @Test
    void leavingAGateNobodyHoldsIsRefused() {
        assertThatThrownBy(gate::leave)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not held");
    }

    /** Starts a thread that enters by the given door, notes its turn and leaves; returns once it waits. */
    private Thread queue(String name, boolean first, int waiting) {
        Thread t = new Thread(
                () -> {
                    if (first) {
                        gate.enterFirst();
                    } else {
                        gate.enter();
                    }
                    order.add(name);
                    gate.leave();
                },
                name);
        t.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.queued() == waiting);
        return t;
    }

    private static void join(Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(5000);
            assertThat(t.isAlive()).as(t.getName() + " got its turn").isFalse();
        }
    }
}
