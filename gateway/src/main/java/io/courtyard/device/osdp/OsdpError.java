package io.courtyard.device.osdp;

import java.util.Locale;

/** What went wrong with incoming OSDP traffic; a bounded metric tag, one value per cause. */
public enum OsdpError {
    /** CRC-16 over the frame does not match its check bytes. */
    BAD_CRC,
    /** The 8-bit checksum does not match. */
    BAD_CHECKSUM,
    /** The length field is below the smallest possible frame, or leaves no room for the code or MAC. */
    BAD_LENGTH,
    /** The length field exceeds the configured cap: a corrupt header or a PD gone mad. */
    OVERSIZE,
    /** A frame was cut off: the connection closed, or the poller gave up waiting, mid-frame. */
    TRUNCATED,
    /** The security block's length or type cannot be right. */
    BAD_SECURITY_BLOCK,
    /** The DATA field does not fit the layout its command or reply code defines. */
    MALFORMED_PAYLOAD,
    /** A Secure Channel MAC did not verify: tampering, a lost message or a desynchronised chain. */
    BAD_MAC,
    /** Decrypted data lacked the 0x80 end marker: wrong key or chain. */
    BAD_PADDING,
    /** A secured frame arrived for an address with no Secure Channel session, or a broken one. */
    NO_SESSION,
    /** The Secure Channel handshake failed: cryptogram mismatch, wrong key, or refused by the PD. */
    HANDSHAKE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
