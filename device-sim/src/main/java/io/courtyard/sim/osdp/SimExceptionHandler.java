package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.OsdpException;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last handler of a serial server connection: a PD ignores traffic it cannot read; I/O errors close. */
@Sharable
final class SimExceptionHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "sim-exceptions";
    static final SimExceptionHandler INSTANCE = new SimExceptionHandler();
    private static final Logger log = LoggerFactory.getLogger(SimExceptionHandler.class);

    private SimExceptionHandler() {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof OsdpException e) {
            log.debug("PD side ignores: {}", e.getMessage());
        } else {
            log.debug("serial server connection closed: {}", cause.toString());
            ctx.close();
        }
    }
}
