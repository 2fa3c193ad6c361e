package io.courtyard.sim.load;

import io.courtyard.runtime.Threads;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile crowd on the camera port: {@code connections} TCP connections, each from its own
 * loopback address (127.1.x.y, so the per-address limit does not turn them away at once), kept
 * open for as long as the gateway lets them: half send random bytes in 1 KiB bursts every 20 ms
 * (answered 400 and closed), half are slowloris requests that dribble one header byte a second
 * (cut by the message timeout). Every connection the gateway closes or refuses is opened again
 * after 50 ms, so the pressure never lets up. On its own event loop thread.
 */
final class CameraFlood implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("camera-flood", true));
    private final InetSocketAddress target;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean running = true;

    private CameraFlood(InetSocketAddress target) {
        this.target = target;
    }

    static CameraFlood start(InetSocketAddress target, int connections) {
        CameraFlood f = new CameraFlood(target);
        for (int i = 0; i < connections; i++) {
            f.connect(i);
        }
        return f;
    }

    private void connect(int i) {
        if (!running) {
            return;
        }
        InetSocketAddress source = new InetSocketAddress("127.1." + (i / 250) + "." + (1 + i % 250), 0);
        boolean slow = i % 2 == 1;
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        opened.incrementAndGet();
                        if (slow) {
                            dribble(ctx.channel(), "POST /lpr/vzenith HTTP/1.1\r\nHost: gateway\r\nX-Slow: ", 0);
                        } else {
                            burst(ctx.channel());
                        }
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        closed.incrementAndGet();
                        ctx.channel().eventLoop().schedule(() -> connect(i), 50, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                })
                .connect(target, source)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        failed.incrementAndGet();
                        group.schedule(() -> connect(i), 50, TimeUnit.MILLISECONDS);
                    }
                });
    }

    private void burst(Channel ch) {
        if (!running || !ch.isActive()) {
            return;
        }
        byte[] garbage = new byte[1024];
        ThreadLocalRandom.current().nextBytes(garbage);
        bytes.addAndGet(garbage.length);
        ch.writeAndFlush(Unpooled.wrappedBuffer(garbage));
        ch.eventLoop().schedule(() -> burst(ch), 20, TimeUnit.MILLISECONDS);
    }

    private void dribble(Channel ch, String header, int at) {
        if (!running || !ch.isActive()) {
            return;
        }
        byte b = at < header.length() ? (byte) header.charAt(at) : (byte) 'a';
        bytes.incrementAndGet();
        ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {b}));
        ch.eventLoop().schedule(() -> dribble(ch, header, at + 1), 1, TimeUnit.SECONDS);
    }

    /** What the crowd did: connections opened, closed by the gateway, refused or failed, bytes sent. */
    String summary(double seconds) {
        return String.format(
                java.util.Locale.ROOT,
                "flood: %d connections opened (%.0f/s), %d closed by the gateway, %d failed to connect, %.1f MB"
                        + " of garbage sent",
                opened.get(),
                opened.get() / seconds,
                closed.get(),
                failed.get(),
                bytes.get() / 1e6);
    }

    @Override
    public void close() {
        running = false;
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
