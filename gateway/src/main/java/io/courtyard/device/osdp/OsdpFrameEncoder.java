package io.courtyard.device.osdp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * {@link OsdpFrame}s to bytes, check value included (OSDP 2.2 packet structure). Stateless, so shared: one
 * instance with and one without the leading 0xFF mark byte that OSDP 2.2 added for noisy lines.
 */
@Sharable
public final class OsdpFrameEncoder extends MessageToByteEncoder<OsdpFrame> {
    public static final String NAME = "osdp-frame-encoder";
    public static final OsdpFrameEncoder WITH_MARK = new OsdpFrameEncoder(true);
    public static final OsdpFrameEncoder WITHOUT_MARK = new OsdpFrameEncoder(false);

    private final boolean mark;

    private OsdpFrameEncoder(boolean mark) {
        super(OsdpFrame.class);
        this.mark = mark;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OsdpFrame frame, ByteBuf out) {
        if (mark) {
            out.writeByte(OsdpFrame.MARK);
        }
        FrameLayout.write(frame, out);
    }
}
