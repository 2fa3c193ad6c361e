package io.courtyard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.runtime.Service;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LifecycleTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHungStops() {
        release.countDown();
    }

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        Lifecycle lc = new Lifecycle(Duration.ofSeconds(5))
                .add(svc("db"))
                .add(svc("loops"))
                .add(svc("http"));

        lc.start();
        lc.stop();

        assertEquals(List.of("start db", "start loops", "start http", "stop http", "stop loops", "stop db"), events);
    }

    @Test
    void failedStartStopsWhatAlreadyStartedAndRethrows() {
        IllegalStateException boom = new IllegalStateException("port in use");
        Lifecycle lc = new Lifecycle(Duration.ofSeconds(5))
                .add(svc("db"))
                .add(svc("loops"))
                .add(failingStart("http", boom))
                .add(svc("never"));

        Exception thrown = assertThrows(Exception.class, lc::start);

        assertSame(boom, thrown);
        assertEquals(List.of("start db", "start loops", "start http", "stop loops", "stop db"), events);
        lc.stop();
        assertEquals(5, events.size(), "nothing is stopped twice after a failed start");
    }

    @Test
    void hungStopIsAbandonedAfterItsTimeBoxAndEarlierServicesStillStop() throws Exception {
        Lifecycle lc = new Lifecycle(Duration.ofMillis(200))
                .add(svc("db"))
                .add(hangingStop("loops"))
                .add(svc("http"));
        lc.start();

        long t0 = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(5), lc::stop);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(List.of("start db", "start loops", "start http", "stop http", "stop loops", "stop db"), events);
        assertTrue(ms >= 200 && ms < 3000, "waited about the time box, not forever: " + ms + " ms");
    }

    @Test
    void failingStopDoesNotKeepTheOthersRunning() throws Exception {
        Lifecycle lc = new Lifecycle(Duration.ofSeconds(5))
                .add(svc("db"))
                .add(failingStop("loops"))
                .add(svc("http"));
        lc.start();

        lc.stop();

        assertEquals(List.of("start db", "start loops", "start http", "stop http", "stop loops", "stop db"), events);
    }

    @Test
    void stopIsIdempotent() throws Exception {
        Lifecycle lc = new Lifecycle(Duration.ofSeconds(5)).add(svc("db")).add(svc("http"));
        lc.start();

        lc.stop();
        lc.stop();

        assertEquals(List.of("start db", "start http", "stop http", "stop db"), events);
    }

    @Test
    void concurrentStopsStopEachServiceOnce() throws Exception {
        Lifecycle lc = new Lifecycle(Duration.ofSeconds(5)).add(svc("db")).add(svc("http"));
        lc.start();

        Thread other = new Thread(lc::stop, "second-stopper");
        other.start();
        lc.stop();
        other.join(5000);

        assertEquals(List.of("start db", "start http", "stop http", "stop db"), events);
    }

    @Test
    void stopBeforeStartDoesNothing() {
        Lifecycle lc = new Lifecycle(Duration.ofSeconds(5)).add(svc("db"));

        lc.stop();

        assertEquals(List.of(), events);
    }

    private Service svc(String name) {
        return new Recording(name) {};
    }

    private Service failingStart(String name, Exception e) {
        return new Recording(name) {
            @Override
            public void start() throws Exception {
                super.start();
                throw e;
            }
        };
    }

    private Service failingStop(String name) {
        return new Recording(name) {
            @Override
            public void stop() throws Exception {
                super.stop();
                throw new IllegalStateException("close failed");
            }
        };
    }

    /** Ignores interrupts, like a component stuck in a native call: only abandoning it helps. */
    private Service hangingStop(String name) {
        return new Recording(name) {
            @Override
            public void stop() throws Exception {
                super.stop();
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private abstract class Recording implements Service {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() throws Exception {
            events.add("start " + name);
        }

        @Override
        public void stop() throws Exception {
            events.add("stop " + name);
        }
    }
}
