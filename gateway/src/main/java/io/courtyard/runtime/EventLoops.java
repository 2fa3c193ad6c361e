package io.courtyard.runtime;

import io.micrometer.core.instrument.Gauge;
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
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Netty event loops; I/O only, never blocking work. One accept loop for every
 * listener, the device loops for the OSDP buses ({@link #worker()}), and a group of its own for each
 * listener ({@link #newGroup}), so that a flood on one port does not queue behind the buses' I/O.
 */
public final class EventLoops implements Service, Liveness {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    /** A group by the name its threads carry, for the watchdog's report. */
    private record Named(String name, EventLoopGroup group) {}

    /** The watchdog's last task on one loop: submitted when, and whether the loop has run it yet. */
    private static final class Probe implements Runnable {
        final long submitted;
        volatile boolean ran;

        Probe(long submitted) {
            this.submitted = submitted;
        }

        @Override
        public void run() {
            ran = true;
        }
    }

    private final List<Named> groups = new CopyOnWriteArrayList<>();
    private final Map<EventExecutor, Probe> probes = new ConcurrentHashMap<>();
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
        groups.add(new Named("accept", boss));
        groups.add(new Named("io", worker));
        // Pending tasks and workers per loop: a growing queue means blocking work crept onto an event loop.
        new io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics(worker).bindTo(registry);
        log.info("event loops: {} x {}", workers, epoll ? "epoll" : "nio");
    }

    public EventLoopGroup boss() {
        return boss;
    }

    /** The device loops: OSDP bus connections. */
    public EventLoopGroup worker() {
        return worker;
    }

    /**
     * A new group of {@code threads} loops named {@code netty-<name>-N}, of the same transport as the
     * others, with its own queue metrics; the caller owns it and shuts it down before {@link #stop}.
     */
    public EventLoopGroup newGroup(String name, int threads) {
        EventLoopGroup g = epoll
                ? new EpollEventLoopGroup(threads, Threads.named("netty-" + name, true))
                : new NioEventLoopGroup(threads, Threads.named("netty-" + name, true));
        // Micrometer's Netty binder registers an untagged workers gauge once per registry, so a second
        // group would collide with it: the listener groups get their own pending-task gauges instead.
        int i = 0;
        for (EventExecutor e : g) {
            if (e instanceof SingleThreadEventExecutor loop) {
                Gauge.builder("courtyard_event_loop_pending_tasks", loop, SingleThreadEventExecutor::pendingTasks)
                        .description("Tasks waiting on one event loop of a listener; growth means blocking work on it")
                        .tag("group", name)
                        .tag("loop", Integer.toString(i++))
                        .register(registry);
            }
        }
        groups.add(new Named(name, g));
        return g;
    }

    /**
     * Whether every loop still runs tasks: each call hands every loop a tiny task and reports a
     * loop that has left the previous one waiting for longer than {@code limit} (blocking work, or
     * an endless loop, on an event loop). Groups that are shutting down are no longer watched.
     */
    @Override
    public Optional<String> stalled(Duration limit) {
        long now = System.nanoTime();
        for (Named g : groups) {
            if (g.group().isShuttingDown()) {
                groups.remove(g);
                g.group().forEach(probes::remove);
                continue;
            }
            int i = 0;
            for (EventExecutor e : g.group()) {
                i++;
                Probe p = probes.get(e);
                if (p != null && !p.ran && now - p.submitted > limit.toNanos()) {
                    return Optional.of(String.format(
                            Locale.ROOT,
                            "event loop netty-%s-%d has not run a task for %.1f s",
                            g.name(),
                            i,
                            (now - p.submitted) / 1e9));
                }
                if (p == null || p.ran) {
                    Probe next = new Probe(now);
                    probes.put(e, next);
                    try {
                        e.execute(next);
                    } catch (RejectedExecutionException shuttingDown) {
                        probes.remove(e);
                    }
                }
            }
        }
        return Optional.empty();
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
