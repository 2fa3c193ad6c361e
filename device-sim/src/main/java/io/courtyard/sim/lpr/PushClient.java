package io.courtyard.sim.lpr;

import io.courtyard.sim.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One camera's HTTP/1.1 connection to the gateway, kept alive between pushes as cameras keep it,
 * one request at a time. A request not answered within the camera's timeout fails and closes the
 * connection (the next push opens a new one), as a camera gives up on a server that does not answer.
 */
public final class PushClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private Channel channel;
    private CompletableFuture<Response> inFlight;
    private ScheduledFuture<?> timer;
    /** System.nanoTime() when the request in flight had been written to the socket, on the event loop; 0 before. */
    private long writtenAt;

    /**
     * What the gateway answered, and {@code nanos} from the request written to the socket to the
     * whole answer read, both taken on the connection's event loop: the sender's hand-off to that
     * loop is not part of it.
     */
    public record Response(int status, HttpHeaders headers, byte[] body, long nanos) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param local the address pushes come from (a camera's own IP; any 127.x.y.z on loopback), or null
     */
    public PushClient(EventLoopGroup group, InetSocketAddress remote, InetSocketAddress local) {
        this.group = group;
        this.remote = remote;
        this.local = local;
    }

    /** Points the camera at another server (a gateway restarted elsewhere, or a port nobody listens on). */
    public synchronized void target(InetSocketAddress to) {
        remote = to;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Sends {@code request} (released here) and completes with the answer, or fails after {@code timeout}. */
    public synchronized CompletableFuture<Response> send(FullHttpRequest request, Duration timeout) {
        if (inFlight != null && !inFlight.isDone()) {
            request.release();
            return CompletableFuture.failedFuture(new IllegalStateException("a push is already in flight"));
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        inFlight = f;
        request.headers().set(HttpHeaderNames.HOST, remote.getHostString() + ":" + remote.getPort());
        HttpUtil.setKeepAlive(request, true);
        HttpUtil.setContentLength(request, request.content().readableBytes());
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            write(ch, request, f, timeout);
            return f;
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.socket(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(100, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(16 << 20))
                                .addLast(new Answers());
                    }
                });
        (local == null ? b.connect(remote) : b.connect(remote, local)).addListener(cf -> {
            if (!cf.isSuccess()) {
                request.release();
                f.completeExceptionally(cf.cause());
                return;
            }
            Channel c = ((io.netty.channel.ChannelFuture) cf).channel();
            synchronized (this) {
                channel = c;
            }
            write(c, request, f, timeout);
        });
        return f;
    }

    private void write(Channel ch, FullHttpRequest request, CompletableFuture<Response> f, Duration timeout) {
        synchronized (this) {
            writtenAt = 0;
            timer = ch.eventLoop()
                    .schedule(
                            () -> {
                                if (f.completeExceptionally(
                                        new TimeoutException("no answer within " + timeout.toMillis() + " ms"))) {
                                    ch.close();
                                }
                            },
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        }
        ch.writeAndFlush(request).addListener(w -> {
            if (w.isSuccess()) {
                long now = System.nanoTime();
                synchronized (this) {
                    writtenAt = now;
                }
            } else {
                f.completeExceptionally(w.cause());
                ch.close();
            }
        });
    }

    /** Completes the request in flight with each response; a closed connection fails it. */
    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            long now = System.nanoTime();
            CompletableFuture<Response> f;
            long written;
            synchronized (PushClient.this) {
                f = inFlight;
                written = writtenAt;
                if (timer != null) {
                    timer.cancel(false);
                }
            }
            if (f != null) {
                f.complete(new Response(
                        res.status().code(),
                        res.headers().copy(),
                        ByteBufUtil.getBytes(res.content()),
                        written == 0 ? 0 : now - written));
            }
            if (!HttpUtil.isKeepAlive(res)) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CompletableFuture<Response> f;
            synchronized (PushClient.this) {
                f = inFlight;
            }
            if (f != null) {
                f.completeExceptionally(new IOException("connection closed by the gateway"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            channel = null;
        }
    }
}
