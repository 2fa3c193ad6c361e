package io.courtyard.runtime.net;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits a connection only while its listener and its source address are under their limits; the
 * first handler of every listener, so a refused connection costs no decoder and no TLS handshake.
 * One per listener, shared by its channels.
 */
@Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "connection-gate";

    private final ListenerLimits limits;
    private final ListenerMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perSource = new ConcurrentHashMap<>();

    ConnectionGate(ListenerLimits limits, MeterRegistry registry, String listener) {
        this.limits = limits;
        this.metrics = new ListenerMetrics(registry, listener, open::get);
    }

    ListenerMetrics metrics() {
        return metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        String refusal = admit(source);
        if (refusal != null) {
            metrics.refused(refusal);
            ctx.close();
            return;
        }
        metrics.accepted();
        Channel server = ctx.channel().parent();
        ctx.channel().closeFuture().addListener(f -> {
            release(source);
            pace(server);
        });
        pace(server);
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    /**
     * Stops accepting while the listener is full and starts again once it is not: further
     * connections wait in the kernel's backlog (and beyond it are not answered) instead of being
     * accepted and closed one by one, which under a flood would spend the gateway's CPU on churn,
     * and a camera reconnecting while a flood holds every slot is served when one frees instead of
     * refused. Decided on the server channel's loop from the count at that moment, after every
     * change, so the last decision always sees the last count.
     */
    private void pace(Channel server) {
        if (server == null) {
            return;
        }
        server.eventLoop().execute(() -> {
            boolean full = open.get() >= limits.maxConnections();
            if (server.config().isAutoRead() == full) {
                server.config().setAutoRead(!full);
                if (full) {
                    metrics.acceptPaused();
                }
            }
        });
    }

    /** Null when admitted (and counted), else the reason for the refusal. */
    private String admit(InetAddress source) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            return "max-connections";
        }
        boolean[] admitted = {false};
        perSource.compute(source, (s, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limits.maxConnectionsPerSource()) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return "max-per-source";
        }
        return null;
    }

    private void release(InetAddress source) {
        open.decrementAndGet();
        // Drop the entry with its last connection, so a scan from many addresses leaves nothing behind.
        perSource.computeIfPresent(source, (s, n) -> n <= 1 ? null : n - 1);
    }
}
