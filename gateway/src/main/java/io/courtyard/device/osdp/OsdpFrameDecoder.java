package io.courtyard.device.osdp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Bytes to {@link OsdpFrame}s (OSDP 2.2 packet structure). Waits for a whole frame, skips anything before a SOM,
 * and on a bad length or check value reports an {@link OsdpFrameException}, skips just the SOM and
 * looks for the next one: the length of a corrupt frame cannot be trusted, so a real frame may start
 * inside it. One frame per {@code decode} call keeps errors and frames in wire order downstream.
 * Stateful: one per channel.
 */
public final class OsdpFrameDecoder extends ByteToMessageDecoder {
    public static final String NAME = "osdp-frame-decoder";
    /** OSDP 2.2 leaves the maximum to the PD; 1440 covers every PD receive buffer we have met. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1440;

    private final int maxFrameLength;
    private final OsdpCodecMetrics metrics;

    public OsdpFrameDecoder(int maxFrameLength, OsdpCodecMetrics metrics) {
        if (maxFrameLength < minimumLength(CheckMode.CRC) || maxFrameLength > OsdpFrame.MAX_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is outside 8..65535");
        }
        this.maxFrameLength = maxFrameLength;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!skipToSom(in) || in.readableBytes() < OsdpFrame.HEADER) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getUnsignedShortLE(start + 2);
        OsdpFrameException bad = badHeader(in, start, length);
        if (bad == null && in.readableBytes() < length) {
            return;
        }
        if (bad == null) {
            bad = badCheck(in, start, length);
        }
        if (bad != null) {
            // A corrupt frame's length cannot be trusted: a real frame may start inside it.
            in.skipBytes(1);
            report(ctx, bad);
            return;
        }
        try {
            out.add(FrameParser.parse(in, start, length));
            metrics.frame();
        } catch (OsdpFrameException e) {
            report(ctx, e);
        }
        // Intact either way: the check value vouches for the length.
        in.skipBytes(length);
    }

    /** The connection closed mid-frame. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (in.isReadable()) {
            int n = in.readableBytes();
            OsdpFrameException e = new OsdpFrameException(
                    OsdpError.TRUNCATED,
                    -1,
                    String.format(
                            Locale.ROOT,
                            "connection closed %d bytes into a frame: header %s",
                            n,
                            // Header only: the rest may be a card's bits, which never go to a log.
                            ByteBufUtil.hexDump(in, in.readerIndex(), Math.min(n, 6))));
            in.skipBytes(n);
            metrics.error(OsdpError.TRUNCATED);
            ctx.fireExceptionCaught(e);
        }
    }

    /**
     * Drops a partly received frame; for the poller when a reply times out, so that the next
     * reply is not read as the tail of one that will never finish. Call on the channel's event loop.
     *
     * @return the bytes dropped
     */
    public int discardPartialFrame() {
        ByteBuf buffered = internalBuffer();
        int n = buffered.readableBytes();
        if (n > 0) {
            buffered.skipBytes(n);
            metrics.error(OsdpError.TRUNCATED);
        }
        return n;
    }

    static int minimumLength(CheckMode check) {
        return OsdpFrame.HEADER + 1 + check.size();
    }

    private boolean skipToSom(ByteBuf in) {
        int from = in.readerIndex();
        int som = in.indexOf(from, in.writerIndex(), (byte) OsdpFrame.SOM);
        int end = som < 0 ? in.writerIndex() : som;
        int junk = 0;
        for (int i = from; i < end; i++) {
            // 0xFF is the optional mark byte before SOM (OSDP 2.2 packet structure), not garbage.
            if (in.getUnsignedByte(i) != OsdpFrame.MARK) {
                junk++;
            }
        }
        if (junk > 0) {
            metrics.garbage(junk);
        }
        in.readerIndex(end);
        return som >= 0;
    }

    /** Checked before waiting for the body, so a false SOM with an impossible length is dropped at once. */
    private OsdpFrameException badHeader(ByteBuf in, int start, int length) {
        int address = in.getUnsignedByte(start + 1);
        CheckMode check = CheckMode.ofControl(in.getUnsignedByte(start + 4));
        if (length > maxFrameLength) {
            return OsdpFrameException.of(
                    OsdpError.OVERSIZE, address, "length %d exceeds the cap of %d", length, maxFrameLength);
        }
        if (length < minimumLength(check)) {
            return OsdpFrameException.of(
                    OsdpError.BAD_LENGTH,
                    address,
                    "length %d is below the minimum %d for %s",
                    length,
                    minimumLength(check),
                    check);
        }
        return null;
    }

    private static OsdpFrameException badCheck(ByteBuf in, int start, int length) {
        CheckMode check = CheckMode.ofControl(in.getUnsignedByte(start + 4));
        int covered = length - check.size();
        int expected = check.compute(in, start, covered);
        int found = check.read(in, start + covered);
        if (expected == found) {
            return null;
        }
        return OsdpFrameException.of(
                check == CheckMode.CRC ? OsdpError.BAD_CRC : OsdpError.BAD_CHECKSUM,
                in.getUnsignedByte(start + 1),
                "%s 0x%04X in the frame, 0x%04X computed over %d bytes",
                check,
                found,
                expected,
                covered);
    }

    private void report(ChannelHandlerContext ctx, OsdpFrameException e) {
        metrics.error(e.error());
        ctx.fireExceptionCaught(e);
    }
}
