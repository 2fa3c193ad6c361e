package io.courtyard.ops;

import io.courtyard.runtime.Liveness;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings systemd's watchdog while the gateway's own threads make progress. Every quarter of the
 * interval it asks each watched component ({@link Liveness}: the event loops, the journal writer)
 * whether it is stuck for more than half the interval; only when none is does it send {@code
 * WATCHDOG=1}. A stuck component makes it withhold the pings, log why once, and say so in {@code
 * STATUS}, so that systemd kills and restarts the gateway (the unit's {@code WatchdogSec}); a
 * restart is the cure a hung fsync or a blocked event loop leaves.
 */
final class Watchdog implements Service {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final SystemdNotify systemd;
    private final Duration interval;
    private final List<Liveness> watched;
    private final Supplier<String> status;
    private ScheduledExecutorService timer;
    private String stuck;
    private String lastStatus;

    /** @param status the STATUS line while everything is alive, read at every tick */
    Watchdog(SystemdNotify systemd, Duration interval, List<Liveness> watched, Supplier<String> status) {
        this.systemd = systemd;
        this.interval = interval;
        this.watched = List.copyOf(watched);
        this.status = status;
    }

    @Override
    public String name() {
        return "watchdog";
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("systemd-watchdog", true));
        long period = Math.max(1, interval.toMillis() / 4);
        timer.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
        log.info("systemd watchdog: {} ms, pinging every {} ms while nothing is stuck", interval.toMillis(), period);
    }

    /** One check; runs on the watchdog's thread (tests call it directly). */
    void tick() {
        try {
            Optional<String> problem = firstProblem();
            if (problem.isPresent()) {
                if (stuck == null) {
                    log.error("WATCHDOG: withholding pings, systemd will restart the gateway: {}", problem.get());
                }
                stuck = problem.get();
                report("stuck: " + stuck);
                return;
            }
            if (stuck != null) {
                log.warn("WATCHDOG: progress again, pings resume (was: {})", stuck);
                stuck = null;
            }
            systemd.watchdog();
            report(status.get());
        } catch (RuntimeException e) {
            // A failing check must not end the timer: its pings would stop for a bug, not a hang.
            log.error("watchdog check failed: {}", e.toString());
        }
    }

    private Optional<String> firstProblem() {
        Duration limit = interval.dividedBy(2);
        for (Liveness l : watched) {
            Optional<String> p = l.stalled(limit);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private void report(String line) {
        if (!line.equals(lastStatus)) {
            systemd.status(line);
            lastStatus = line;
        }
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(1, TimeUnit.SECONDS);
    }
}
