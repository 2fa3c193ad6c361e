package io.courtyard.ops;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.Journal;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.ClockAlarm;
import io.courtyard.runtime.ClockSync;
import io.courtyard.runtime.ClockSync.State;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the system clock is synchronised: an unsynchronised clock is an alarm (log,
 * {@code alarm} event {@code clock} raised and cleared, {@code /health} degraded), since every
 * {@code receivedAt}, schedule and pass validity reads it. A clock nobody can vouch for either way
 * is reported as unknown, never as an alarm.
 */
final class ClockWatch implements Service {
    private static final Logger log = LoggerFactory.getLogger(ClockWatch.class);

    private final ClockSync sync;
    private final Journal journal;
    private final Duration every;
    private volatile ClockSync.Status status = new ClockSync.Status(State.UNKNOWN, "none", "not checked yet");
    private boolean raised;
    private ScheduledExecutorService timer;

    private final Clock clock;

    ClockWatch(ClockSync sync, Journal journal, Duration every) {
        this(sync, journal, every, Clock.systemUTC());
    }

    /** {@code clock} times the alarm events (the gateway's clock); {@code sync} still asks about the system's. */
    ClockWatch(ClockSync sync, Journal journal, Duration every, Clock clock) {
        this.sync = sync;
        this.journal = journal;
        this.every = every;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "clock-watch";
    }

    @Override
    public void start() {
        check();
        if (status.state() == State.UNKNOWN) {
            log.info("clock: synchronisation unknown ({}); not watched as an alarm", status.detail());
        }
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("clock-watch", true));
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check; on the watch's thread (and the starting one). */
    void check() {
        ClockSync.Status now;
        try {
            now = sync.check();
        } catch (RuntimeException e) {
            log.warn("clock: checking synchronisation failed: {}", e.toString());
            return;
        }
        status = now;
        if (now.state() == State.UNSYNCHRONISED && !raised) {
            raised = true;
            log.warn(
                    "CLOCK ALARM raised: the system clock is not synchronised ({}: {}); times recorded from now"
                            + " on may be wrong",
                    now.source(),
                    now.detail());
            alarm(new ClockAlarm(AlarmState.RAISED, "system clock not synchronised", now.source()));
        } else if (now.state() == State.SYNCHRONISED && raised) {
            raised = false;
            log.info("clock alarm cleared: the system clock is synchronised ({}: {})", now.source(), now.detail());
            alarm(new ClockAlarm(AlarmState.CLEARED, null, now.source()));
        }
    }

    private void alarm(ClockAlarm alarm) {
        journal.appendDeferrable(EventDraft.at("gateway", clock.instant(), alarm));
    }

    ClockSync.Status status() {
        return status;
    }

    /** The alarm's reason while the clock is known to be unsynchronised, else null. */
    String alarm() {
        ClockSync.Status s = status;
        return s.state() == State.UNSYNCHRONISED
                ? "system clock not synchronised (" + s.source() + ": " + s.detail() + ")"
                : null;
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(1, TimeUnit.SECONDS);
        }
    }
}
