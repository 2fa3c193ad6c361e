package io.courtyard.runtime.net;

import io.courtyard.runtime.LogLimiter;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every listener: an exception nobody handled, or an idle connection, closes the
 * connection on purpose, counted by reason and logged at most once per ten seconds per listener.
 */
@Sharable
final class ListenerTail extends ChannelInboundHandlerAdapter {
    static final String NAME = "listener-tail";
    private static final Logger log = LoggerFactory.getLogger(ListenerTail.class);

    private final String listener;
    private final ListenerMetrics metrics;
    private final LogLimiter logLimit = new LogLimiter(Duration.ofSeconds(10));

    ListenerTail(String listener, ListenerMetrics metrics) {
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof MessageRefused r) {
            metrics.refusedMessage(r.reason());
            return;
        }
        if (evt instanceof IdleStateEvent) {
            metrics.closed("idle");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        metrics.closed(cause.getClass().getSimpleName());
        long suppressed = logLimit.permit();
        if (suppressed >= 0) {
            // A peer resetting its connection is routine; anything else is a defect or an attack worth a line.
            boolean routine = cause instanceof IOException;
            String line = "{}: closed connection from {}: {}{}";
            Object more = suppressed > 0 ? " (" + suppressed + " more since the last line)" : "";
            if (routine) {
                log.debug(line, listener, ctx.channel().remoteAddress(), cause.toString(), more);
            } else {
                log.warn(line, listener, ctx.channel().remoteAddress(), cause.toString(), more);
            }
        }
        ctx.close();
    }
}
