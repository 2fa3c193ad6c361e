package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.OsdpError;
import java.util.Locale;

/**
 * A Secure Channel rule that traffic from a PD broke once a session was open (OSDP 2.2 Annex D):
 * every reply but the handshake's carries a MAC that verifies against the chain. Each breaks the
 * session; the tag is bounded, for the violations meter and the journal.
 */
public enum Violation {
    /** A reply without a verified MAC: no security block, or a handshake block on ordinary traffic. */
    PLAINTEXT,
    /** A MAC that does not verify against the chain: forged, altered, or replayed from earlier. */
    BAD_MAC,
    /** A MAC-carrying block of the wrong direction or type, or a handshake block outside the handshake. */
    WRONG_BLOCK,
    /** A sealed frame where the gateway holds a session it can no longer use. */
    NO_SESSION,
    /** Data that does not decrypt under the session's key. */
    UNDECRYPTABLE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The violation a codec error means for a PD in session; null for errors that are not the Secure Channel's. */
    static Violation of(OsdpError error) {
        return switch (error) {
            case BAD_MAC -> BAD_MAC;
            case BAD_SECURITY_BLOCK -> WRONG_BLOCK;
            case NO_SESSION -> NO_SESSION;
            case BAD_PADDING -> UNDECRYPTABLE;
            default -> null;
        };
    }
}
