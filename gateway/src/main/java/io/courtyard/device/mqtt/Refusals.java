package io.courtyard.device.mqtt;

import io.courtyard.runtime.LogLimiter;
import io.courtyard.runtime.net.MessageRefused;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs what the listener refuses: the count through the listener's tail
 * ({@code courtyard_listener_messages_refused_total{listener="device-mqtt",reason}}), the log at most
 * one line per ten seconds with the number left out, so a hostile client cannot flood the log.
 */
final class Refusals {
    private static final Logger log = LoggerFactory.getLogger(Refusals.class);
    private final LogLimiter limiter = new LogLimiter(Duration.ofSeconds(10));

    /**
     * @param reason the metric's reason tag, e.g. {@code topic-denied}
     * @param who the device id, or the username tried, or "?" before a login
     */
    void refuse(ChannelHandlerContext ctx, String reason, String who, String detail) {
        ctx.fireUserEventTriggered(new MessageRefused(reason));
        long suppressed = limiter.permit();
        if (suppressed >= 0) {
            log.warn(
                    "device-mqtt: refused {} from {} at {}: {}{}",
                    reason,
                    who,
                    ctx.channel().remoteAddress(),
                    detail,
                    suppressed > 0 ? " (" + suppressed + " more refusals since the last line)" : "");
        }
    }
}
