package io.courtyard.sim.load.e2e;

import io.courtyard.sim.load.e2e.Mix.Source;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Offers device events in the mix's proportion, at the planned rate or as fast as devices take them. */
final class Dealer {
    private final CardDriver cards;
    private final PushDriver pushes;
    private final MonitorDriver monitors;
    private final Optional<PushDriver> compare;
    private final Plan plan;
    private final Mix.Dealer mix;
    private Source waiting;

    Dealer(Plan plan, CardDriver cards, PushDriver pushes, MonitorDriver monitors, Optional<PushDriver> compare) {
        this.plan = plan;
        this.mix = plan.mix().dealer();
        this.cards = cards;
        this.pushes = pushes;
        this.monitors = monitors;
        this.compare = compare;
    }

    /** Deals for {@code length}; returns how many planned events could not be offered (devices busy). */
    long deal(Duration length) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long dealt = 0;
        long sweepAt = start;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = plan.flatOut() ? Long.MAX_VALUE : (long) ((now - start) / 1e9 * plan.rate());
            while (dealt < due) {
                Source s = waiting != null ? waiting : mix.next();
                if (!offer(s)) {
                    waiting = s;
                    break;
                }
                waiting = null;
                dealt++;
            }
            if (now - sweepAt > TimeUnit.MILLISECONDS.toNanos(500)) {
                cards.sweep();
                sweepAt = now;
            }
            LockSupport.parkNanos(plan.flatOut() ? 20_000 : 200_000);
        }
        return plan.flatOut() ? 0 : Math.max(0, (long) (length.toNanos() / 1e9 * plan.rate()) - dealt);
    }

    private boolean offer(Source s) {
        return switch (s) {
            case CARD -> cards.offer();
            case PUSH -> {
                boolean ok = pushes.offer();
                if (ok) {
                    compare.ifPresent(PushDriver::offer);
                }
                yield ok;
            }
            case MONITOR -> monitors.offer();
        };
    }
}
