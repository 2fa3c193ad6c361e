package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Reply;
import java.util.concurrent.CompletableFuture;

/**
 * A command waiting for, or occupying, its PD's slot: a caller's (with a future to complete) or the
 * poller's own (initial LSTAT and ISTAT after discovery), whose answers only feed the listener.
 */
final class PendingCommand {
    final Command command;
    private final CompletableFuture<CommandResult> future;
    private long sentNanos;

    private PendingCommand(Command command, CompletableFuture<CommandResult> future) {
        this.command = command;
        this.future = future;
    }

    static PendingCommand internal(Command command) {
        return new PendingCommand(command, null);
    }

    static PendingCommand forCaller(Command command) {
        return new PendingCommand(command, new CompletableFuture<>());
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
