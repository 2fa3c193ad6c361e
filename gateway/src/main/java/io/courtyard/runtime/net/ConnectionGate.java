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
 * Admits a connection only while its listener and its source address are under their limits.
 * It sits on the server channel and sees each accepted connection before it is registered with
 * an event loop, so a refused one costs no pipeline, no decoder and no TLS handshake. While the
 * listener is full it stops accepting: further connections wait in the kernel's backlog (beyond
 * it, the kernel does not answer) instead of being accepted and closed one by one, which under a
 * flood would spend the gateway's CPU on churn; a camera reconnecting while a flood holds every
 * slot is served when one frees instead of refused. The server channel accepts one connection per
 * read (see {@link TcpListener}), so accepting pauses exactly at the limit. One per listener.
 */
@Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
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

    /** On the server channel's loop: {@code msg} is a connection just accepted, not yet registered. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        Channel server = ctx.channel();
        InetAddress source = ((InetSocketAddress) child.remoteAddress()).getAddress();
        String refusal = admit(source);
        if (refusal != null) {
            metrics.refused(refusal);
            child.unsafe().closeForcibly();
            return;
        }
        metrics.accepted();
        child.closeFuture().addListener(f -> {
            release(source);
            server.eventLoop().execute(() -> pace(server));
        });
        pace(server);
        ctx.fireChannelRead(child);
    }

    /**
     * Accepting on or off from the count at this moment; called on the server channel's loop after
     * every change, so the last call always sees the last count.
     */
    private void pace(Channel server) {
        boolean full = open.get() >= limits.maxConnections();
        if (server.config().isAutoRead() == full) {
            server.config().setAutoRead(!full);
            if (full) {
                metrics.acceptPaused();
            }
        }
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
