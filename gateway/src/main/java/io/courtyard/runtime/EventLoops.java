package io.courtyard.runtime;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's Netty event loops, shared by every listener and client; I/O only, never blocking work. */
public final class EventLoops implements Service {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    private final int workers;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private EventLoopGroup boss;
    private EventLoopGroup worker;
    private boolean epoll;

    public EventLoops(int workers, io.micrometer.core.instrument.MeterRegistry registry) {
        this.workers = workers;
        this.registry = registry;
    }

    @Override
    public String name() {
        return "event-loops";
    }

    @Override
    public void start() {
        epoll = Epoll.isAvailable();
        if (epoll) {
            boss = new EpollEventLoopGroup(1, Threads.named("netty-accept", true));
            worker = new EpollEventLoopGroup(workers, Threads.named("netty-io", true));
        } else {
            boss = new NioEventLoopGroup(1, Threads.named("netty-accept", true));
            worker = new NioEventLoopGroup(workers, Threads.named("netty-io", true));
        }
        // Pending tasks and workers per loop: a growing queue means blocking work crept onto an event loop.
        new io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics(worker).bindTo(registry);
        log.info("event loops: {} x {}", workers, epoll ? "epoll" : "nio");
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup worker() {
        return worker;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> clientChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public void stop() {
        // A short quiet period: listeners are already closed when this runs, so nothing new arrives.
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        worker.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
