package io.courtyard.journal;

import java.util.concurrent.CompletableFuture;

/** Where access events go: the journal's {@code append} in the gateway, a list in tests. */
@FunctionalInterface
public interface EventSink {
    /** Hands the event over without blocking; the future completes once it is durable. */
    CompletableFuture<?> append(EventDraft draft);
}
