package io.courtyard.device.osdp;

import io.netty.buffer.ByteBuf;

/**
 * OSDP's CRC-16 (OSDP 2.2 check character): polynomial 0x1021, initial value 0x1D0F, no reflection,
 * no final XOR. Table-driven because every frame on every bus passes through it.
 */
final class Crc16 {
    static final int INITIAL = 0x1D0F;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            }
            TABLE[i] = c & 0xFFFF;
        }
    }

    private Crc16() {}

    static int compute(ByteBuf buf, int index, int length) {
        int crc = INITIAL;
        for (int i = index; i < index + length; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getUnsignedByte(i)) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
