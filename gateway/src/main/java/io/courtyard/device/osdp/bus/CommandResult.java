package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.Reply;
import java.util.Optional;

/**
 * How a command sent with {@link OsdpBuses#send} ended. Protocol outcomes are values, never
 * exceptions, so that a driver handles a refused OUT like any other answer.
 *
 * @param reply the PD's answer when there was one: ACK, the data reply (e.g. OSTATR) or the NAK
 * @param detail why, in words, for a log line
 * @param sentNanos {@link System#nanoTime()} when the command was first written to the socket, 0 if
 *     it never was; with the time a card arrived it gives the gateway's card-to-OUT latency
 */
public record CommandResult(Status status, Optional<Reply> reply, String detail, long sentNanos) {
    /** The outcome. */
    public enum Status {
        /** The PD answered with anything but NAK: ACK or the data the command asked for. */
        ACKED,
        /** The PD refused the command; {@link #reply()} holds the NAK and its reason. */
        NAKED,
        /** Sent, and retried, without an answer until the PD was declared offline. */
        TIMED_OUT,
        /** Not sent: the PD is offline or went offline before the command's turn. */
        OFFLINE,
        /** Not sent: the PD's command queue is full. */
        QUEUE_FULL,
        /** Not sent: no PD is configured at that bus and address. */
        UNKNOWN_DEVICE,
        /** Not sent: the poller does not send this command on a caller's behalf (see the detail). */
        REFUSED,
        /** Not sent: the buses are stopping. */
        STOPPED
    }

    public boolean ok() {
        return status == Status.ACKED;
    }

    static CommandResult answered(Reply reply, long sentNanos) {
        return reply instanceof Nak nak
                ? new CommandResult(Status.NAKED, Optional.of(reply), Reports.describe(nak), sentNanos)
                : new CommandResult(Status.ACKED, Optional.of(reply), "", sentNanos);
    }

    static CommandResult failed(Status status, String detail, long sentNanos) {
        return new CommandResult(status, Optional.empty(), detail, sentNanos);
    }
}
