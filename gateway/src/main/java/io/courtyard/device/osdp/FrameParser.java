package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import io.netty.buffer.ByteBuf;

/** Splits an intact frame into its fields (OSDP 2.2 packet structure; security block per Annex D). */
final class FrameParser {
    private FrameParser() {}

    /**
     * @param start index of SOM
     * @param length the frame's length field, already checked against the buffer and the check value
     */
    static OsdpFrame parse(ByteBuf in, int start, int length) {
        byte[] b = new byte[length];
        in.getBytes(start, b);
        int address = b[1] & 0xFF;
        int control = b[4] & 0xFF;
        int end = length - CheckMode.ofControl(control).size();
        int pos = OsdpFrame.HEADER;
        SecurityBlock block = null;
        if ((control & OsdpFrame.SECURITY_FLAG) != 0) {
            int blockLength = b[pos] & 0xFF;
            // The block is followed at least by the code byte.
            if (blockLength < 2 || pos + blockLength >= end) {
                throw OsdpFrameException.of(
                        OsdpError.BAD_SECURITY_BLOCK,
                        address,
                        "security block length %d in a frame of %d",
                        blockLength,
                        length);
            }
            block = new SecurityBlock(b[pos + 1] & 0xFF, Bytes.copyOf(b, pos + 2, blockLength - 2));
            pos += blockLength;
        }
        int macSize = block != null && block.hasMac() ? SecurityBlock.MAC_SIZE : 0;
        if (pos + 1 + macSize > end) {
            throw OsdpFrameException.of(
                    OsdpError.BAD_LENGTH,
                    address,
                    "length %d leaves no room for the code and a %d-byte MAC",
                    length,
                    macSize);
        }
        int code = b[pos] & 0xFF;
        Bytes data = Bytes.copyOf(b, pos + 1, end - macSize - pos - 1);
        Bytes mac = Bytes.copyOf(b, end - macSize, macSize);
        return new OsdpFrame(address, control, block, code, data, mac);
    }
}
