package io.courtyard.access;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back the answer to an entry of a limited visitor pass until its journal event is durable:
 * a crash in the commit window would otherwise forget the entry and make a single-use pass
 * reusable. An entry the journal refuses, or does not make durable within {@link #WAIT}, is denied
 * ({@link Reason#NOT_RECORDED}) and the door stays shut. Every other decision passes straight on.
 */
final class LimitedEntries {
    /** How long an entry waits for the journal; a person at a gate waits that long at most. */
    static final Duration WAIT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(LimitedEntries.class);

    private final AccessState state;
    private final AccessMetrics metrics;
    private final BiConsumer<Decision, Instant> journal;

    /** @param journal appends a decision's event, dated at the request's time */
    LimitedEntries(AccessState state, AccessMetrics metrics, BiConsumer<Decision, Instant> journal) {
        this.state = state;
        this.metrics = metrics;
        this.journal = journal;
    }

    /** The decision to actuate on, once {@code journaled} (its event's future) allows. */
    CompletableFuture<Decision> answer(AccessRequest request, Decision d, CompletableFuture<?> journaled) {
        if (!d.granted() || d.change() == null || d.change().uses() < 0) {
            return CompletableFuture.completedFuture(d);
        }
        // A copy: the timeout must not complete the journal's own future, whose commit may still land.
        return journaled
                .copy()
                .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, e) -> e == null ? d : notRecorded(request, d, e));
    }

    /**
     * A refused append gives the entry back (nothing was recorded); a late one keeps it counted,
     * since the commit may still land.
     */
    private Decision notRecorded(AccessRequest request, Decision granted, Throwable e) {
        boolean late = e instanceof TimeoutException;
        if (!late) {
            state.giveBack(granted.change());
        }
        Decision d = new Decision(
                Reason.NOT_RECORDED,
                granted.device(),
                granted.direction(),
                granted.credential(),
                granted.subject(),
                granted.holder(),
                granted.holderKind(),
                granted.household(),
                Actuation.NONE,
                granted.rule() + "; the entry was not durable "
                        + (late
                                ? "within " + WAIT.toMillis() + " ms, so it stays counted"
                                : "(" + e + "), so it was given back")
                        + " and the door stays shut",
                null,
                granted.aclVersion());
        metrics.decided(d.reason(), 0);
        log.error("{}: a limited pass's entry could not be recorded, denied: {}", d.device(), e.toString());
        journal.accept(d, request.at());
        return d;
    }
}
