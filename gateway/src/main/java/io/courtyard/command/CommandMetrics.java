package io.courtyard.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command room's meters, declared here once: {@code courtyard_commands_total} by outcome,
 * reason and type (reasons and types are the README's closed lists), the retries by step, and the
 * last accepted sequence.
 */
final class CommandMetrics implements MeterBinder {
    static final String COMMANDS = "courtyard.commands";
    static final String RETRIES = "courtyard.commands.retries";
    static final String SEQUENCE = "courtyard.commands.sequence";

    private final AtomicLong sequence = new AtomicLong();
    private MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(SEQUENCE, sequence, AtomicLong::get)
                .description("The last command sequence accepted from the platform")
                .register(registry);
    }

    void sequence(long seq) {
        sequence.set(seq);
    }

    /** One command (or message refused as one) and how it ended. */
    void counted(Outcome o, CommandType type) {
        Counter.builder(COMMANDS)
                .description("Signed remote commands by outcome, reason and type")
                .tag("outcome", o.status().wire())
                .tag("reason", o.reason() == null ? "none" : o.reason())
                .tag("type", type == null ? "unknown" : type.wire())
                .register(registry)
                .increment();
    }

    /** A step that could not be made durable and is tried again: accept, execute or record. */
    void retried(String step) {
        Counter.builder(RETRIES)
                .description("Command steps tried again because the state database or the journal refused them")
                .tag("step", step)
                .register(registry)
                .increment();
    }
}
