package io.courtyard.access;

import io.courtyard.journal.EventSink;
import io.courtyard.runtime.Threads;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-passback positions over time: a sweep that drops positions older than their zone's or gate
 * pair's {@code positionExpiry} (so the occupancy gauge is true between passes), and the operator's
 * reset, journaled so that a restart keeps it. The sweep thread, {@code access-expiry}, runs only
 * where some area lets positions expire; it is owned and stopped by {@link AccessService}.
 */
final class PositionKeeper {
    /** How often positions are swept; a stale one met by a decision in between is ignored there. */
    static final Duration SWEEP = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(PositionKeeper.class);
    private static final Pattern SUBJECT = Pattern.compile("(holder|pass|permit):[A-Za-z0-9._:-]{1,64}");

    private final AccessState state;
    private final SiteLayout site;
    private final EventSink events;
    private final Clock clock;
    private ScheduledExecutorService sweeper;

    PositionKeeper(AccessState state, SiteLayout site, EventSink events, Clock clock) {
        this.state = state;
        this.site = site;
        this.events = events;
        this.clock = clock;
    }

    /** Drops what expired while the gateway was down, then sweeps every {@link #SWEEP}; returns how many dropped. */
    int start() {
        int dropped = state.expire(clock.instant(), site::expiryMillis);
        state.recountOccupancy();
        if (site.positionsExpire()) {
            sweeper = Executors.newSingleThreadScheduledExecutor(Threads.named("access-expiry", true));
            long every = SWEEP.toMillis();
            sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
        return dropped;
    }

    void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** See {@link AccessService#resetAntiPassback}. */
    CompletableFuture<Integer> reset(String subject, String area, String source) {
        if (subject == null && area == null) {
            throw new IllegalArgumentException("an anti-passback reset names a subject, an area or both");
        }
        if (area != null && !site.hasArea(area)) {
            throw new IllegalArgumentException("no anti-passback area '" + area + "' (zone:ID or pair:ID) here");
        }
        if (subject != null && !SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject must be holder:ID, pass:ID or permit:ID");
        }
        int cleared = state.reset(subject, area);
        log.info("anti-passback reset by {}: {} in {}, {} positions cleared", source, subject, area, cleared);
        return events.append(AccessEvents.antiPassbackReset(subject, area, source, cleared, clock.instant()))
                .thenApply(ok -> cleared);
    }

    private void sweep() {
        try {
            int n = state.expire(clock.instant(), site::expiryMillis);
            if (n > 0) {
                log.debug("{} anti-passback positions expired", n);
            }
        } catch (RuntimeException e) {
            log.error("anti-passback expiry sweep failed: {}", e.toString());
        }
    }
}
