package io.courtyard.http;

import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator API listener: health now, metrics and queries as they land. */
public final class OperatorHttpServer implements Service {
    private static final Logger log = LoggerFactory.getLogger(OperatorHttpServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Listener listener;
    private final EventLoops loops;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private Channel channel;

    public OperatorHttpServer(Listener listener, EventLoops loops) {
        this.listener = listener;
        this.loops = loops;
    }

    public OperatorHttpServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    @Override
    public String name() {
        return "operator-http";
    }

    @Override
    public void start() throws InterruptedException {
        OperatorHandler handler = new OperatorHandler(routes);
        ServerBootstrap b = new ServerBootstrap()
                .group(loops.boss(), loops.worker())
                .channel(loops.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Order: idle clients are cut first, then bytes become requests, then requests are routed.
                        ch.pipeline()
                                .addLast("read-timeout", new ReadTimeoutHandler(30))
                                .addLast("http-codec", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(OperatorHandler.NAME, handler);
                    }
                });
        channel = b.bind(listener.bind(), listener.port()).sync().channel();
        log.info("operator HTTP listening on http://{}:{}/ (paths: {})", listener.bind(), port(), routes.keySet());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void stop() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }
}
