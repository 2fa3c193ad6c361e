package io.courtyard.runtime.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Supplier;

/** The meters of one listener, tagged {@code listener=<name>}: connections open, accepted, refused and failed. */
final class ListenerMetrics {
    private final MeterRegistry registry;
    private final String listener;
    private final Counter accepted;
    private final Counter acceptPaused;

    ListenerMetrics(MeterRegistry registry, String listener, Supplier<Number> open) {
        this.registry = registry;
        this.listener = listener;
        this.accepted = Counter.builder("courtyard_listener_connections_accepted")
                .description("Connections admitted by the listener's limits")
                .tag("listener", listener)
                .register(registry);
        this.acceptPaused = Counter.builder("courtyard_listener_accept_paused")
                .description("Times the listener was full and stopped accepting until a connection closed")
                .tag("listener", listener)
                .register(registry);
        Gauge.builder("courtyard_listener_connections_open", open)
                .description("Connections open now")
                .tag("listener", listener)
                .register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    /** The listener reached its connection limit and stopped accepting until one closes. */
    void acceptPaused() {
        acceptPaused.increment();
    }

    /** A connection closed at accept: {@code max-connections} or {@code max-per-source}. */
    void refused(String reason) {
        Counter.builder("courtyard_listener_connections_refused")
                .description("Connections closed at accept because a limit was reached")
                .tag("listener", listener)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A message a protocol handler refused (see {@link MessageRefused}). */
    void refusedMessage(String reason) {
        Counter.builder("courtyard_listener_messages_refused")
                .description("Messages refused by the listener: oversize, malformed, unknown sender, ...")
                .tag("listener", listener)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * A connection closed by the listener itself: {@code idle}, {@code message-timeout}, or the
     * simple name of the exception a decoder or handler raised.
     */
    void closed(String reason) {
        Counter.builder("courtyard_listener_connections_cut")
                .description("Connections the listener closed: idle, too slow, or an error in a handler")
                .tag("listener", listener)
                .tag("reason", reason.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }
}
