package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.runtime.EventLoops;
import io.courtyard.testsupport.NotifySocket;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog against a fake {@code NOTIFY_SOCKET}: it pings while the journal writer and the event
 * loops make progress, and stops pinging (so systemd restarts the gateway) while one is stuck.
 * WATCHDOG_USEC is 2 s: stuck means busy for over 1 s, checked every 0.5 s.
 */
@Timeout(60)
class WatchdogTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private NotifySocket socket;
    private TestJournal journal;
    private EventLoops loops;
    private SystemdNotify systemd;
    private Watchdog watchdog;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        socket = NotifySocket.at(dir.resolve("notify"));
        journal = TestJournal.open(dir.resolve("state"));
        loops = new EventLoops(2, new SimpleMeterRegistry());
        loops.start();
        systemd = SystemdNotify.fromEnvironment(
                Map.of("NOTIFY_SOCKET", socket.env(), "WATCHDOG_USEC", Long.toString(INTERVAL.toNanos() / 1000)), 1);
        watchdog = new Watchdog(
                systemd,
                systemd.watchdogInterval().orElseThrow(),
                List.of(journal.journal(), loops),
                () -> "site test up; journal at seq " + journal.journal().lastDurableSeq());
        watchdog.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        watchdog.stop();
        systemd.close();
        loops.stop();
        journal.close();
        socket.close();
    }

    @Test
    void pingsWhileAliveAndWithholdsPingsWhileTheJournalWriterIsBlocked() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.pings().size() >= 3);
        assertThat(socket.lastStatus()).isEqualTo("site test up; journal at seq 0");

        long blockedAt = blockJournalWriter();

        // Detected within the 1 s limit plus one 0.5 s tick; from then on, silence.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> String.valueOf(socket.lastStatus()).startsWith("stuck: journal writer busy"));
        long quietFrom = blockedAt + Duration.ofMillis(1700).toNanos();
        TimeUnit.MILLISECONDS.sleep(Math.max(0, (quietFrom - System.nanoTime()) / 1_000_000) + 3000);
        assertThat(socket.pingsSince(quietFrom))
                .as("no ping for 3 s while the writer is stuck: systemd's 2 s watchdog fires")
                .isZero();
        assertThat(socket.lastStatus()).contains("JournalWriter").contains("for ");
        assertThat(journal.journal().stalled(Duration.ofSeconds(1))).isPresent();

        release.countDown();
        long releasedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.pingsSince(releasedAt) >= 2);
        assertThat(socket.lastStatus()).startsWith("site test up; journal at seq ");
    }

    @Test
    void withholdsPingsWhileAnEventLoopIsBlockedAndResumesAfterwards() throws Exception {
        EventLoopGroup group = loops.newGroup("cameras", 1);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.pings().size() >= 2);
            group.execute(() -> awaitRelease()); // blocking work on an event loop: the bug the check exists for
            long blockedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(socket.lastStatus())
                    .startsWith("stuck: event loop netty-cameras-1 has not run a task for"));
            long quietFrom = blockedAt + Duration.ofMillis(1700).toNanos();
            TimeUnit.MILLISECONDS.sleep(Math.max(0, (quietFrom - System.nanoTime()) / 1_000_000) + 2000);
            assertThat(socket.pingsSince(quietFrom)).isZero();

            release.countDown();
            long releasedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.pingsSince(releasedAt) >= 2);
        } finally {
            release.countDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aGroupThatShutDownIsNoLongerWatched() throws Exception {
        EventLoopGroup group = loops.newGroup("gone", 1);
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        long after = System.nanoTime();

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.pingsSince(after) >= 3);
        assertThat(socket.lastStatus()).doesNotStartWith("stuck");
    }

    /**
     * Blocks the writer thread the way a careless producer would: blocking work in a callback on
     * an append's future, which the writer completes on its own thread. Returns when it is blocked.
     */
    private long blockJournalWriter() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        while (blocked.getCount() > 0) {
            AtomicBoolean onWriter = new AtomicBoolean();
            CompletableFuture<JournalEvent> f = journal.journal()
                    .append(EventDraft.at("gateway", Instant.now(), SampleEvents.of(EventKind.DEVICE)));
            f.thenRun(() -> {
                // Already complete when registered: this would run on the test thread; try again.
                if (Thread.currentThread().getName().startsWith("journal-writer")) {
                    onWriter.set(true);
                    blocked.countDown();
                    awaitRelease();
                }
            });
            blocked.await(200, TimeUnit.MILLISECONDS);
        }
        return System.nanoTime();
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
