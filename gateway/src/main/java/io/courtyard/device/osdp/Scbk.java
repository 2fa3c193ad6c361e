package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.security.MessageDigest;

/**
 * A Secure Channel base key (OSDP 2.2 Annex D): 16 bytes from which each session's keys are derived.
 * {@link #DEFAULT} is SCBK-D, the well-known install key; using it is an explicit choice, never a
 * fallback. {@code toString} never shows the key.
 */
public final class Scbk {
    /** SCBK-D: 0x30, 0x31, ... 0x3F (Annex D). */
    public static final Scbk DEFAULT = new Scbk(Bytes.fromHex("303132333435363738393A3B3C3D3E3F"));

    private final Bytes key;

    private Scbk(Bytes key) {
        this.key = Checks.length("SCBK", key, 16);
    }

    public static Scbk of(Bytes key) {
        return new Scbk(key);
    }

    /** From the configuration's 32 hex digits. */
    public static Scbk fromHex(String hex) {
        return new Scbk(Bytes.fromHex(hex));
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    Bytes bytes() {
        return key;
    }

    /** Constant time, so that comparing keys leaks nothing through timing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Scbk other && MessageDigest.isEqual(key.toArray(), other.key.toArray());
    }

    @Override
    public int hashCode() {
        return 0x5CB4;
    }

    @Override
    public String toString() {
        return isDefault() ? "Scbk[SCBK-D]" : "Scbk[****]";
    }
}
