package io.courtyard.sim.osdp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.List;

/** Applies a serial server's {@link WireFaults} to encoded frames on their way to the socket. */
final class FaultInjector extends ChannelOutboundHandlerAdapter {
    static final String NAME = "sim-fault-injector";

    private final WireFaults faults;

    FaultInjector(WireFaults faults) {
        this.faults = faults;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.write(msg, promise);
            return;
        }
        List<ByteBuf> parts = faults.apply(frame, ctx.alloc());
        for (int i = 0; i < parts.size() - 1; i++) {
            ctx.write(parts.get(i));
        }
        ctx.write(parts.get(parts.size() - 1), promise);
    }
}
