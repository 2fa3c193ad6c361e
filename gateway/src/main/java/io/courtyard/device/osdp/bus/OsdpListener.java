package io.courtyard.device.osdp.bus;

import io.courtyard.device.card.CardRead;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the OSDP buses report about their PDs; the gate and elevator drivers and the journal listen.
 *
 * <p>Calls arrive on the bus's event loop, in wire order for that bus. An implementation must not
 * block (no disk, no waiting on futures): it decides from memory and answers with {@link
 * OsdpBuses#send}. An exception it throws is logged and the bus carries on. {@code at} is the
 * gateway's clock when the reply arrived: PDs report no time of their own.
 */
public interface OsdpListener {
    /** Discovery (and Secure Channel, when configured) finished; the PD is being polled. */
    default void online(Pd pd, PdInfo info) {}

    /**
     * The PD stopped answering, lost its Secure Channel or its bus connection, or failed discovery.
     * Also reported once for a PD that never came online.
     */
    default void offline(Pd pd, String reason) {}

    /** A card was read; a read without {@link CardRead#credential()} (bad parity, unreadable) must be denied. */
    default void card(Pd pd, int reader, CardRead card, Instant at) {}

    /** Keys pressed, as text: digits, '*' and '#'. May be a PIN: never log it. */
    default void keypad(Pd pd, int reader, String keys, Instant at) {}

    /** Input states: once after the PD comes online, then whenever the PD reports a change. */
    default void inputs(Pd pd, InputStatus inputs, Instant at) {}

    /** Output states, when the PD reports them (in answer to OSTAT, or on its own). */
    default void outputs(Pd pd, OutputStatus outputs, Instant at) {}

    /** Tamper and power-failure flags: once after the PD comes online, then on every change. */
    default void localStatus(Pd pd, boolean tamper, boolean powerFailure, Instant at) {}

    /**
     * Traffic from the PD broke the Secure Channel (a reply without a verified MAC, a forged or
     * replayed MAC, a wrong security block): nothing it carried was reported, the PD is being
     * handshaken again. At most one a minute per PD; {@code suppressedBefore} counts those held back.
     */
    default void secureChannelViolation(Pd pd, Violation violation, String detail, int suppressedBefore, Instant at) {}

    /** Install mode handed the PD its configured key (KEYSET under SCBK-D) and the PD took it. */
    default void keyProvisioned(Pd pd, Instant at) {}

    /** One listener that calls each of {@code listeners} in order, each shielded from the others' failures. */
    static OsdpListener of(List<OsdpListener> listeners) {
        return new Listeners(listeners);
    }
}
