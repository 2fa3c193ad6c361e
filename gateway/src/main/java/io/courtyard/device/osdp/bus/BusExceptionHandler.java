package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.OsdpException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a bus pipeline. OSDP errors (bad CRC, garbage, bad MAC…) were counted by the
 * codec and the decoder has resynchronised: they are logged, rate-limited because a noisy bus could
 * otherwise fill the disk, and the connection stays up. I/O errors and anything unexpected close
 * the connection, which reconnects from a clean state.
 */
final class BusExceptionHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "osdp-bus-exceptions";
    private static final Logger log = LoggerFactory.getLogger(BusExceptionHandler.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String bus;
    private long lastLogged;
    private int suppressed;

    BusExceptionHandler(String bus) {
        this.bus = bus;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof OsdpException e) {
            long now = System.nanoTime();
            if (lastLogged != 0 && now - lastLogged < LOG_EVERY_NANOS) {
                suppressed++;
                return;
            }
            log.warn(
                    "bus {}: {} ({}); {} more since the last report",
                    bus,
                    e.getMessage(),
                    e.error().tag(),
                    suppressed);
            lastLogged = now;
            suppressed = 0;
        } else if (cause instanceof IOException) {
            log.info("bus {}: connection error, reconnecting: {}", bus, cause.toString());
            ctx.close();
        } else {
            log.error("bus {}: unexpected error, closing the connection to start over", bus, cause);
            ctx.close();
        }
    }
}
