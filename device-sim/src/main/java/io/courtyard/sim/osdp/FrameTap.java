package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.OsdpFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Remembers the last frame's header between the frame decoder and the packet codec: when a secured
 * command cannot be opened there is no packet, yet the PD's NAK must carry that command's sequence
 * number and check mode.
 */
final class FrameTap extends ChannelInboundHandlerAdapter {
    static final String NAME = "sim-frame-tap";

    private OsdpFrame last;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OsdpFrame frame) {
            last = frame;
        }
        ctx.fireChannelRead(msg);
    }

    OsdpFrame last() {
        return last;
    }
}
