package io.courtyard.device.osdp;

/**
 * A Secure Channel failure (OSDP 2.2 Annex D): a MAC that does not verify, data that does not decrypt,
 * a frame without a session, or a handshake that cannot complete. The session it concerns is unusable.
 */
public final class SecureChannelException extends OsdpException {
    SecureChannelException(OsdpError error, int address, String message) {
        super(error, address, message);
    }
}
