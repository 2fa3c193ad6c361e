package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_RAW (0x50, OSDP 2.2): card bits as read, MSB first, left-justified, zero-padded to whole
 * bytes. {@code io.courtyard.device.card.Wiegand} turns them into a credential.
 *
 * @param format 0 unspecified, 1 Wiegand
 * @param bitCount number of valid bits, 16-bit little endian on the wire
 */
public record RawCardData(int reader, int format, int bitCount, Bytes bits) implements Reply {
    public static final int CODE = 0x50;
    public static final int FORMAT_UNSPECIFIED = 0;
    public static final int FORMAT_WIEGAND = 1;

    public RawCardData {
        Checks.unsignedByte("reader", reader);
        Checks.unsignedByte("format", format);
        Checks.range("bit count", bitCount, 0, 0xFFFF);
        Checks.length("card data for " + bitCount + " bits", bits, (bitCount + 7) / 8);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(4 + bits.length())
                .u8(reader)
                .u8(format)
                .u16le(bitCount)
                .bytes(bits)
                .toBytes();
    }

    static RawCardData read(PayloadReader r) {
        int reader = r.u8();
        int format = r.u8();
        int bitCount = r.u16le();
        if (r.remaining() != (bitCount + 7) / 8) {
            throw r.malformed(bitCount + " bits need " + (bitCount + 7) / 8 + " data bytes, found " + r.remaining());
        }
        return new RawCardData(reader, format, bitCount, r.rest());
    }

    /** Card bits are personal data: never in logs (DESIGN, contracts). */
    @Override
    public String toString() {
        return "RawCardData[reader=" + reader + ", format=" + format + ", bitCount=" + bitCount + ", bits=****]";
    }
}
