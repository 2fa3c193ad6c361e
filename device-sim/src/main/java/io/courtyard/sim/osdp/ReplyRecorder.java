package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.OsdpFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Records each frame a PD sends, after sealing, with its PD ({@link EmulatedPd#sentFrames()}): what
 * someone tapping the line captures to replay later. Sits between the packet codec and the frame
 * encoder. Stateless: the frames are kept by their PD.
 */
final class ReplyRecorder extends ChannelOutboundHandlerAdapter {
    static final String NAME = "sim-reply-recorder";

    private final SerialServer server;

    ReplyRecorder(SerialServer server) {
        this.server = server;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof OsdpFrame frame && frame.isReply()) {
            EmulatedPd pd = server.pd(frame.pdAddress());
            if (pd != null) {
                pd.sent(frame);
            }
        }
        ctx.write(msg, promise);
    }
}
