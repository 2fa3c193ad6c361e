package io.courtyard.device.osdp;

import io.netty.buffer.ByteBuf;

/**
 * Serialises a frame (OSDP 2.2 packet structure). One code path serves the encoder and the Secure Channel: the
 * MAC covers exactly the bytes the encoder writes from SOM to the end of DATA (Annex D).
 */
final class FrameLayout {
    private FrameLayout() {}

    /** SOM through the end of DATA, with the length field already counting MAC and check bytes. */
    static byte[] body(OsdpFrame f) {
        int length = f.length();
        byte[] b = new byte[length - f.mac().length() - f.checkMode().size()];
        b[0] = (byte) OsdpFrame.SOM;
        b[1] = (byte) f.address();
        b[2] = (byte) length;
        b[3] = (byte) (length >>> 8);
        b[4] = (byte) f.control();
        int pos = OsdpFrame.HEADER;
        SecurityBlock block = f.securityBlock();
        if (block != null) {
            b[pos++] = (byte) block.wireLength();
            b[pos++] = (byte) block.type();
            block.data().copyTo(0, b, pos, block.data().length());
            pos += block.data().length();
        }
        b[pos++] = (byte) f.code();
        f.data().copyTo(0, b, pos, f.data().length());
        return b;
    }

    /** The whole frame with its check bytes; the optional mark byte is the encoder's business. */
    static void write(OsdpFrame f, ByteBuf out) {
        int start = out.writerIndex();
        out.writeBytes(body(f));
        for (int i = 0; i < f.mac().length(); i++) {
            out.writeByte(f.mac().unsigned(i));
        }
        CheckMode check = f.checkMode();
        check.write(out, check.compute(out, start, out.writerIndex() - start));
    }
}
