package io.courtyard.runtime.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The one pipeline order of every listener (operator HTTP, cameras, device MQTT), for connections
 * the {@link ConnectionGate} admitted: first TLS, so that everything after it sees plain
 * bytes; then the idle clock, which counts encrypted traffic too; then the protocol's own decoder
 * and handlers; last the tail, which sees every exception and idle event nobody handled.
 */
final class ListenerInitializer extends ChannelInitializer<SocketChannel> {
    static final String TLS = "tls";
    static final String IDLE = "idle";

    private final SslContext tls;
    private final ListenerLimits limits;
    private final ListenerProtocol protocol;
    private final ListenerTail tail;
    private final ChannelGroup connections;

    ListenerInitializer(
            SslContext tls,
            ListenerLimits limits,
            ListenerProtocol protocol,
            ListenerTail tail,
            ChannelGroup connections) {
        this.tls = tls;
        this.limits = limits;
        this.protocol = protocol;
        this.tail = tail;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        // Every open connection is tracked, so that stopping the listener closes them at once.
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast(TLS, tls.newHandler(ch.alloc()));
        }
        if (!limits.idleTimeout().isZero()) {
            p.addLast(IDLE, new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        protocol.addHandlers(p, limits);
        p.addLast(ListenerTail.NAME, tail);
    }
}
