package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.KeySet;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.bus.CommandResult.Status;
import java.util.ArrayDeque;

/**
 * One PD's commands that go out in its poll slots instead of POLL: the one in flight and a bounded
 * queue behind it. A full queue refuses at once rather than letting an OUT open a door seconds late.
 */
final class CommandQueue {
    private final Pd pd;
    private final int capacity;
    private final BusMetrics metrics;
    private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();
    private PendingCommand current;

    CommandQueue(Pd pd, int capacity, BusMetrics metrics) {
        this.pd = pd;
        this.capacity = capacity;
        this.metrics = metrics;
    }

    boolean isEmpty() {
        return current == null && waiting.isEmpty();
    }

    /** Queues a caller's command, or completes it at once with the reason it cannot be sent. */
    boolean offer(PendingCommand c, boolean online, boolean secured) {
        Status refusal = null;
        String why = null;
        if (!online) {
            refusal = Status.OFFLINE;
            why = pd + " is offline";
        } else if (c.command instanceof KeySet && !secured) {
            refusal = Status.REFUSED;
            why = "KEYSET goes only inside a Secure Channel, never in clear";
        } else if (waiting.size() >= capacity) {
            refusal = Status.QUEUE_FULL;
            why = pd + ": " + waiting.size() + " commands already waiting";
        }
        if (refusal != null) {
            metrics.refused(refusal);
            c.failed(refusal, why);
            return false;
        }
        waiting.add(c);
        return true;
    }

    /** The poller's own commands, after discovery; they bypass the caller's bound. */
    void addInternal(PendingCommand c) {
        waiting.add(c);
    }

    /** The next waiting command, now in flight; null when none waits. */
    Command take() {
        current = waiting.poll();
        return current == null ? null : current.command;
    }

    void sent(long nanos) {
        if (current != null) {
            current.sent(nanos);
        }
    }

    /** The in-flight command (if any) got its answer. */
    void answered(Reply reply) {
        if (current != null) {
            current.answered(reply);
            current = null;
        }
    }

    /** The in-flight command (if any) ends without an answer. */
    void abandon(Status status, String detail) {
        if (current != null) {
            current.failed(status, detail);
            current = null;
        }
    }

    /** Everything ends: the in-flight command with {@code status}, those waiting as never sent. */
    void clear(Status status, String detail) {
        abandon(status, detail);
        Status notSent = status == Status.STOPPED ? Status.STOPPED : Status.OFFLINE;
        for (PendingCommand c = waiting.poll(); c != null; c = waiting.poll()) {
            c.failed(notSent, detail);
        }
    }
}
