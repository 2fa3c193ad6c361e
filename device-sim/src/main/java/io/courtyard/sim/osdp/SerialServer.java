package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.OsdpCodecMetrics;
import io.courtyard.device.osdp.OsdpFrameDecoder;
import io.courtyard.device.osdp.OsdpPacketCodec;
import io.courtyard.device.osdp.OsdpPipeline;
import io.courtyard.device.osdp.Role;
import io.courtyard.device.osdp.SecureSessions;
import io.courtyard.sim.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serial-to-TCP server with an RS-485 bus of emulated PDs behind it: the gateway connects here as
 * it would to a real one. It can drop its connections, stop accepting (refuse) and accept again on
 * the same port, and damage replies on the wire ({@link #faults()}).
 */
public final class SerialServer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final String name;
    private final EventLoopGroup group;
    private final List<EmulatedPd> pds = new CopyOnWriteArrayList<>();
    private final WireFaults faults = new WireFaults();
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final OsdpCodecMetrics metrics;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Duration secureIdle = Duration.ofSeconds(8);
    private int port;
    private Channel listener;

    private SerialServer(String name, EventLoopGroup group, List<EmulatedPd> pds) {
        this.name = name;
        this.group = group;
        this.pds.addAll(pds);
        this.metrics = new OsdpCodecMetrics(registry, name);
    }

    /** Listens on 127.0.0.1:{@code port}; 0 picks a free port, kept for {@link #accept()} later. */
    public static SerialServer start(String name, EventLoopGroup group, int port, List<EmulatedPd> pds) {
        SerialServer s = new SerialServer(name, group, pds);
        s.port = port;
        s.accept();
        return s;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The PD answering at {@code address} now (COMSET can move one), or null. */
    public EmulatedPd pd(int address) {
        for (EmulatedPd pd : pds) {
            if (pd.address() == address) {
                return pd;
            }
        }
        return null;
    }

    public List<EmulatedPd> pds() {
        return List.copyOf(pds);
    }

    public WireFaults faults() {
        return faults;
    }

    /** The PD side's codec meters (frames, errors, repeats), for tests. */
    public MeterRegistry registry() {
        return registry;
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    public Duration secureIdleTimeout() {
        return secureIdle;
    }

    /** How long a PD keeps an unused Secure Channel; applies to connections made after the call. */
    public void secureIdleTimeout(Duration idle) {
        secureIdle = idle;
    }

    /** Drops every connection, as a serial server does when it reboots. */
    public void disconnect() {
        clients.close().awaitUninterruptibly(WAIT.toMillis());
    }

    /** Stops listening and drops connections: connection attempts are refused until {@link #accept()}. */
    public synchronized void refuse() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(WAIT.toMillis());
            listener = null;
        }
        disconnect();
    }

    /** (Re)starts listening on the same port. */
    public synchronized void accept() {
        if (listener != null) {
            return;
        }
        listener = new ServerBootstrap()
                .group(group)
                .channel(Transport.server(group))
                // Rebinding the same port after refuse() must not wait for TIME_WAIT sockets.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connection(ch);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port))
                .syncUninterruptibly()
                .channel();
        port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private void connection(Channel ch) {
        accepted.incrementAndGet();
        clients.add(ch);
        SecureSessions sessions = new SecureSessions();
        FrameTap tap = new FrameTap();
        ChannelPipeline p = ch.pipeline();
        // Faults sit nearest the socket, after the encoder, so they damage finished frames; the tap
        // sits between frame decoder and packet codec to see headers of frames that fail to open;
        // the recorder sits between packet codec and frame encoder to keep sealed replies.
        p.addLast(FaultInjector.NAME, new FaultInjector(faults));
        OsdpPipeline.addCodec(p, Role.PERIPHERAL, sessions, metrics);
        p.addAfter(OsdpFrameDecoder.NAME, FrameTap.NAME, tap);
        p.addBefore(OsdpPacketCodec.NAME, ReplyRecorder.NAME, new ReplyRecorder(this));
        p.addLast(PdBusHandler.NAME, new PdBusHandler(this, sessions, tap));
        p.addLast(SimExceptionHandler.NAME, SimExceptionHandler.INSTANCE);
    }

    @Override
    public void close() {
        refuse();
    }
}
