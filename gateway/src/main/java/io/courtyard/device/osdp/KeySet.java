package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_KEYSET (0x75, OSDP 2.2): gives the PD a new Secure Channel base key. Sent only inside a
 * Secure Channel, typically the install-mode one opened with SCBK-D.
 */
public record KeySet(int keyType, Bytes key) implements Command {
    public static final int CODE = 0x75;
    /** Key type 0x01: a Secure Channel base key. */
    public static final int SCBK = 0x01;

    public KeySet {
        Checks.unsignedByte("key type", keyType);
        Checks.range("key length", key.length(), 1, 0xFF);
    }

    public static KeySet scbk(Scbk scbk) {
        return new KeySet(SCBK, scbk.bytes());
    }

    /** The key as an SCBK, for a PD that stores it. */
    public Scbk asScbk() {
        if (keyType != SCBK) {
            throw new IllegalStateException("key type " + keyType + " is not an SCBK (0x01)");
        }
        return Scbk.of(key);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(2 + key.length())
                .u8(keyType)
                .u8(key.length())
                .bytes(key)
                .toBytes();
    }

    static KeySet read(PayloadReader r) {
        int type = r.u8();
        int length = r.u8();
        if (length == 0) {
            throw r.malformed("key length 0");
        }
        return new KeySet(type, r.bytes(length));
    }

    /** Never the key itself: logs are not a key store. */
    @Override
    public String toString() {
        return "KeySet[keyType=" + keyType + ", key=<" + key.length() + " bytes>]";
    }
}
