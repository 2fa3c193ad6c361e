package io.courtyard.command;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.uplink.UplinkJson;
import io.courtyard.uplink.UpstreamSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where results go: the journal first (the durable record, forwarded upstream like every event),
 * then {@code {prefix}/{siteId}/cmd/result}, the same event as the uplink would send it (same
 * {@code id}), so that the platform can wait for one topic. A result the broker did not
 * acknowledge is published again later (see {@link CommandLedger#unreported}).
 */
final class Results {
    private static final Logger log = LoggerFactory.getLogger(Results.class);

    private final Function<EventDraft, CompletableFuture<JournalEvent>> journal;
    private final UpstreamSubscriber upstream;
    private final UplinkJson json = new UplinkJson();
    /** Runs publications off the journal's writer thread. */
    private final Executor publisher;

    Results(
            Function<EventDraft, CompletableFuture<JournalEvent>> journal,
            UpstreamSubscriber upstream,
            Executor publisher) {
        this.journal = journal;
        this.upstream = upstream;
        this.publisher = publisher;
    }

    /** Appends the result's event; completes with it once durable. */
    CompletableFuture<JournalEvent> journal(CommandEvents.Result r, Instant at) {
        try {
            return journal.apply(CommandEvents.result(r, at));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The payload published on the result topic for a durable result event. */
    byte[] payload(JournalEvent e) {
        return json.event(e);
    }

    /**
     * Publishes a result; {@code acknowledged} runs (on the publisher's thread) once the broker has it.
     * A failure is logged only: the ledger publishes it again after the next connection.
     */
    void publish(byte[] payload, Consumer<Void> acknowledged) {
        try {
            publisher.execute(() -> upstream.publishConfirmed(CommandService.RESULT_TOPIC, payload)
                    .whenCompleteAsync(
                            (ok, e) -> {
                                if (e == null) {
                                    acknowledged.accept(null);
                                } else {
                                    log.debug("command result not published yet: {}", e.toString());
                                }
                            },
                            publisher));
        } catch (RejectedExecutionException stopping) {
            log.debug("command result not published: stopping");
        }
    }

    /** Journals and publishes a refusal's result without waiting: nothing depends on it being durable. */
    void report(CommandEvents.Result r, Instant at) {
        journal(r, at).whenComplete((ev, e) -> {
            if (e != null) {
                log.warn("command refusal ({}) not journaled: {}", r.outcome().reason(), e.toString());
            } else {
                publish(payload(ev), ok -> {});
            }
        });
    }

    static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
