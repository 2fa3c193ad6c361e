package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Challenge;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.ServerCryptogram;
import io.courtyard.device.osdp.bus.CommandResult.Status;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.ExponentialBackoff;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bus's connection to its serial-to-TCP server: connects out, reconnects with exponential
 * backoff and jitter when the server drops or refuses, and takes callers' commands. Every bus is
 * pinned to one event loop, so its PDs' state is confined to one thread across reconnections.
 */
final class BusClient {
    private static final Logger log = LoggerFactory.getLogger(BusClient.class);

    private final BusContext bus;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Executor resolver;
    private final ExponentialBackoff backoff;
    private volatile boolean stopped;
    private Channel channel;
    private ScheduledFuture<?> reconnect;
    static final Duration UNREACHABLE_WARN_AFTER = Duration.ofSeconds(30);

    private boolean failureLogged;
    /** Restarts waiting for the next connection; confined to the loop. */
    private final List<CompletableFuture<Void>> restarts = new ArrayList<>();
    /** When the current run of failed connects began; 0 while connected. */
    private long failingSinceNanos;

    BusClient(BusContext bus, EventLoops loops, Executor resolver) {
        this.bus = bus;
        this.loop = loops.worker().next();
        this.resolver = resolver;
        // Equal jitter: a serial server has one gateway, so there is no crowd to spread, and a
        // retry never comes sooner than half a step after a server that refuses.
        this.backoff = new ExponentialBackoff(
                bus.options.reconnectInitial(), bus.options.reconnectMax(), ExponentialBackoff.Jitter.EQUAL);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(loops.clientChannel())
                // One small frame per exchange: Nagle would hold each command back for the last ACK.
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        bus.options.connectTimeout().toMillis())
                .handler(new BusInitializer(bus));
        // A serial server that accepts and drops at once must not be hammered: only a PD's answer
        // proves the connection works and resets the backoff.
        bus.onFirstReply(() -> {
            backoff.reset();
            failureLogged = false;
            failingSinceNanos = 0;
        });
    }

    void start() {
        loop.execute(this::resolveAndConnect);
    }

    CompletableFuture<CommandResult> send(int address, Command command) {
        Peripheral p = bus.peripheral(address);
        if (p == null) {
            return refuse(Status.UNKNOWN_DEVICE, "no PD at address " + address + " on bus " + bus.config.id());
        }
        if (command instanceof Challenge || command instanceof ServerCryptogram) {
            return refuse(Status.REFUSED, "the Secure Channel handshake is the poller's own");
        }
        PendingCommand c = PendingCommand.forCaller(command);
        if (stopped) {
            c.failed(Status.STOPPED, "OSDP buses stopping");
        } else if (loop.inEventLoop()) {
            enqueue(p, c);
        } else {
            try {
                loop.execute(() -> enqueue(p, c));
            } catch (RejectedExecutionException e) {
                c.failed(Status.STOPPED, "event loop shut down");
            }
        }
        return c.future();
    }

    /**
     * Drops the connection to the serial server (or the attempt under way, or the wait before the
     * next one) and connects again at once; completes when connected, or exceptionally when stopped.
     */
    CompletableFuture<Void> restart() {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        if (stopped) {
            connected.completeExceptionally(new IllegalStateException("OSDP buses stopping"));
            return connected;
        }
        try {
            loop.execute(() -> {
                restarts.add(connected);
                log.info("bus {}: restarting the connection to the serial server (remote command)", bus.config.id());
                backoff.reset();
                if (channel != null && channel.isOpen()) {
                    // closed() or failed() follows, and reconnects after the backoff's first step.
                    channel.close();
                } else {
                    if (reconnect != null) {
                        reconnect.cancel(false);
                    }
                    resolveAndConnect();
                }
            });
        } catch (RejectedExecutionException e) {
            connected.completeExceptionally(new IllegalStateException("event loop shut down"));
        }
        return connected;
    }

    /** Starts a PD over from discovery, between two exchanges; completes when it is online again. */
    CompletableFuture<Void> rediscover(int address, String reason) {
        CompletableFuture<Void> online = new CompletableFuture<>();
        Peripheral p = bus.peripheral(address);
        if (p == null || stopped) {
            online.completeExceptionally(new IllegalStateException("no PD at address " + address));
            return online;
        }
        try {
            loop.execute(() -> {
                p.restartRequested(reason, online, System.nanoTime());
                bus.pump();
            });
        } catch (RejectedExecutionException e) {
            online.completeExceptionally(new IllegalStateException("event loop shut down"));
        }
        return online;
    }

    boolean online(int address) {
        Peripheral p = bus.peripheral(address);
        return p != null && p.online();
    }

    List<PdHealth> health() {
        return bus.health();
    }

    /** Closes the connection and answers every waiting command STOPPED; returns within {@code timeout}. */
    void stop(Duration timeout) {
        stopped = true;
        try {
            loop.submit(() -> {
                        if (reconnect != null) {
                            reconnect.cancel(false);
                        }
                        bus.stopped();
                        restarts.forEach(
                                r -> r.completeExceptionally(new IllegalStateException("OSDP buses stopping")));
                        restarts.clear();
                        return channel == null ? null : channel.close();
                    })
                    .awaitUninterruptibly(timeout.toMillis());
        } catch (RejectedExecutionException e) {
            log.debug("bus {}: event loop already shut down", bus.config.id());
        }
    }

    private void enqueue(Peripheral p, PendingCommand c) {
        if (stopped) {
            c.failed(Status.STOPPED, "OSDP buses stopping");
        } else if (p.enqueue(c)) {
            bus.pump();
        }
    }

    private void resolveAndConnect() {
        if (stopped) {
            return;
        }
        String host = bus.config.host();
        int port = bus.config.port();
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            connect(new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port));
            return;
        }
        // Name lookups block: they run on the resolver thread, never on the event loop.
        CompletableFuture.supplyAsync(() -> new InetSocketAddress(host, port), resolver)
                .whenComplete((address, error) -> loop.execute(() -> {
                    if (error != null || address.isUnresolved()) {
                        failed("cannot resolve " + host);
                    } else {
                        connect(address);
                    }
                }));
    }

    private void connect(InetSocketAddress address) {
        if (stopped) {
            return;
        }
        ChannelFuture f = bootstrap.connect(address);
        channel = f.channel();
        f.addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) {
                log.info("bus {}: connected to {}", bus.config.id(), address);
                restarts.forEach(r -> r.complete(null));
                restarts.clear();
                cf.channel().closeFuture().addListener(closed -> closed());
            } else {
                failed(String.valueOf(cf.cause()));
            }
        });
    }

    private void failed(String why) {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (failingSinceNanos == 0) {
            failingSinceNanos = now;
            log.info(
                    "bus {}: serial server {}:{} not reachable yet ({}); retrying",
                    bus.config.id(),
                    bus.config.host(),
                    bus.config.port(),
                    why);
        } else if (!failureLogged && now - failingSinceNanos >= UNREACHABLE_WARN_AFTER.toNanos()) {
            // After a power cut serial servers often boot slower than the gateway: only a server
            // still missing after the grace period is worth a warning.
            log.warn(
                    "bus {}: serial server {}:{} unreachable for {} s: {}",
                    bus.config.id(),
                    bus.config.host(),
                    bus.config.port(),
                    UNREACHABLE_WARN_AFTER.toSeconds(),
                    why);
            failureLogged = true;
        }
        bus.connectionLost("serial server unreachable");
        scheduleReconnect();
    }

    private void closed() {
        if (stopped) {
            return;
        }
        log.warn("bus {}: connection to the serial server closed", bus.config.id());
        bus.connectionLost("connection to the serial server lost");
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration delay = backoff.next();
        bus.metrics.reconnect();
        log.debug("bus {}: reconnecting in {} ms", bus.config.id(), delay.toMillis());
        reconnect = loop.schedule(this::resolveAndConnect, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static CompletableFuture<CommandResult> refuse(Status status, String detail) {
        return CompletableFuture.completedFuture(CommandResult.failed(status, detail, 0));
    }
}
