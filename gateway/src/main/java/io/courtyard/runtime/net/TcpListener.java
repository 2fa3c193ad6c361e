package io.courtyard.runtime.net;

import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener on its own event loops, with the shared pipeline of {@link ListenerInitializer}:
 * a flood on one port queues behind no other listener's I/O and no OSDP bus.
 */
public final class TcpListener implements Service {
    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

    private final String name;
    private final String bind;
    private final int port;
    private final ListenerLimits limits;
    private final int threads;
    private final EventLoops loops;
    private final MeterRegistry registry;
    private final ListenerProtocol protocol;
    private final SslContext tls;
    private EventLoopGroup group;
    private Channel server;
    private ChannelGroup connections;

    /**
     * @param name the listener's name in thread names, logs and the {@code listener} metric tag
     * @param tls null for plain TCP
     */
    public TcpListener(
            String name,
            String bind,
            int port,
            ListenerLimits limits,
            int threads,
            EventLoops loops,
            MeterRegistry registry,
            ListenerProtocol protocol,
            SslContext tls) {
        this.name = name;
        this.bind = bind;
        this.port = port;
        this.limits = limits;
        this.threads = threads;
        this.loops = loops;
        this.registry = registry;
        this.protocol = protocol;
        this.tls = tls;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws InterruptedException {
        group = loops.newGroup(name, threads);
        connections = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        ConnectionGate gate = new ConnectionGate(limits, registry, name);
        ListenerInitializer init =
                new ListenerInitializer(tls, limits, protocol, new ListenerTail(name, gate.metrics()), connections);
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.boss(), group)
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 256)
                // One accept per read: the gate pauses accepting at the limit before the next.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1))
                .handler(gate)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(init);
        try {
            server = b.bind(bind, port).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        log.info(
                "{} listening on {}:{} ({}; at most {} connections, {} per address)",
                name,
                bind,
                port(),
                tls == null ? "plain" : "TLS",
                limits.maxConnections(),
                limits.maxConnectionsPerSource());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (connections != null) {
            connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
