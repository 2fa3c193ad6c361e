package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A command waiting for, or occupying, its PD's slot: a caller's (with a future to complete) or the
 * poller's own (initial LSTAT and ISTAT after discovery), whose answers only feed the listener.
 */
final class PendingCommand {
    final Command command;
    private final CompletableFuture<CommandResult> future;
    private final Consumer<Reply> onAnswer;
    private long sentNanos;

    private PendingCommand(Command command, CompletableFuture<CommandResult> future, Consumer<Reply> onAnswer) {
        this.command = command;
        this.future = future;
        this.onAnswer = onAnswer;
    }

    /** The poller's own command; {@code onAnswer} hears the PD's answer, NAK included. */
    static PendingCommand internal(Command command, Consumer<Reply> onAnswer) {
        return new PendingCommand(command, null, onAnswer);
    }

    static PendingCommand forCaller(Command command) {
        return new PendingCommand(command, new CompletableFuture<>(), reply -> {});
    }

    CompletableFuture<CommandResult> future() {
        return future;
    }

    boolean fromCaller() {
        return future != null;
    }

    /** The first write counts: a retry does not make the command younger. */
    void sent(long nanos) {
        if (sentNanos == 0) {
            sentNanos = nanos;
        }
    }

    void answered(Reply reply) {
        onAnswer.accept(reply);
        if (future != null) {
            future.complete(CommandResult.answered(reply, sentNanos));
        }
    }

    void failed(CommandResult.Status status, String detail) {
        if (future != null) {
            future.complete(CommandResult.failed(status, detail, sentNanos));
        }
    }
}
