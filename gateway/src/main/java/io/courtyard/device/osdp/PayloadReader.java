package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** Reads a DATA field field by field; any shortfall or leftover names the code and the length. */
final class PayloadReader {
    private final int code;
    private final Bytes data;
    private int pos;

    PayloadReader(int code, Bytes data) {
        this.code = code;
        this.data = data;
    }

    int u8() {
        need(1);
        return data.unsigned(pos++);
    }

    int u16le() {
        need(2);
        int v = data.unsigned(pos) | data.unsigned(pos + 1) << 8;
        pos += 2;
        return v;
    }

    long u32le() {
        need(4);
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = v << 8 | data.unsigned(pos + i);
        }
        pos += 4;
        return v;
    }

    Bytes bytes(int n) {
        need(n);
        Bytes b = data.slice(pos, n);
        pos += n;
        return b;
    }

    Bytes rest() {
        return bytes(remaining());
    }

    int remaining() {
        return data.length() - pos;
    }

    /** For repeated records: the DATA field must be a whole, non-zero number of them. */
    int records(int recordSize) {
        if (data.isEmpty() || data.length() % recordSize != 0) {
            throw malformed("expected a whole number of " + recordSize + "-byte records");
        }
        return data.length() / recordSize;
    }

    void end() {
        if (remaining() != 0) {
            throw malformed(remaining() + " bytes left over at offset " + pos);
        }
    }

    OsdpPayloadException malformed(String problem) {
        return OsdpPayloadException.of(code, data.length(), problem);
    }

    private void need(int n) {
        if (remaining() < n) {
            throw malformed("needs " + n + " more bytes at offset " + pos);
        }
    }
}
