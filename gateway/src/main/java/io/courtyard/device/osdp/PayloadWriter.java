package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.util.Arrays;

/** Builds a DATA field little-endian, as OSDP lays out multi-byte values (OSDP 2.2: multi-byte fields are little endian). */
final class PayloadWriter {
    private byte[] buf;
    private int size;

    PayloadWriter(int capacity) {
        buf = new byte[Math.max(capacity, 1)];
    }

    PayloadWriter u8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("value " + v + " does not fit one byte");
        }
        grow(1);
        buf[size++] = (byte) v;
        return this;
    }

    PayloadWriter u16le(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("value " + v + " does not fit two bytes");
        }
        grow(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    PayloadWriter u32le(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value " + v + " does not fit four bytes");
        }
        grow(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    PayloadWriter bytes(Bytes b) {
        grow(b.length());
        b.copyTo(0, buf, size, b.length());
        size += b.length();
        return this;
    }

    Bytes toBytes() {
        return Bytes.copyOf(buf, 0, size);
    }

    private void grow(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
