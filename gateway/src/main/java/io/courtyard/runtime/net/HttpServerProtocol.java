package io.courtyard.runtime.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * HTTP/1.1 for a listener: bounded request line, headers and body, a deadline from a request's
 * first byte to its last (a client trickling bytes is cut), malformed requests answered 400 and
 * closed, then the application handler, which receives whole {@link FullHttpRequest}s only.
 */
public final class HttpServerProtocol implements ListenerProtocol {
    public static final String DEADLINE_START = "http-deadline-start";
    public static final String CODEC = "http-codec";
    public static final String AGGREGATOR = "http-aggregator";
    public static final String DEADLINE_END = "http-deadline-end";
    public static final String MALFORMED = "http-malformed";
    /** Longer request lines and header blocks than any operator page or camera sends. */
    private static final int MAX_INITIAL_LINE = 4096;

    private static final int MAX_HEADERS = 16 * 1024;

    private final String appName;
    private final Supplier<ChannelHandler> app;

    /** {@code app} gives the application handler for each new connection (the same one if it is sharable). */
    public HttpServerProtocol(String appName, Supplier<ChannelHandler> app) {
        this.appName = appName;
        this.app = app;
    }

    @Override
    public void addHandlers(ChannelPipeline p, ListenerLimits limits) {
        // The deadline starts on raw bytes, before the codec, because a slowloris client never
        // completes the headers that the codec would need to say a request has begun.
        Deadline deadline = new Deadline(limits.messageTimeout().toNanos());
        p.addLast(DEADLINE_START, deadline.start);
        p.addLast(CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192));
        p.addLast(AGGREGATOR, new HttpObjectAggregator(limits.maxMessageBytes(), true) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
                ctx.fireUserEventTriggered(new MessageRefused("oversize"));
                super.handleOversizedMessage(ctx, oversized);
            }
        });
        p.addLast(DEADLINE_END, deadline.end);
        p.addLast(MALFORMED, Malformed.INSTANCE);
        p.addLast(appName, app.get());
    }

    /** Closes the connection when a request is not whole within the message timeout of its first byte. */
    static final class Deadline {
        private final long timeoutNanos;
        private ScheduledFuture<?> timer;
        final ChannelHandler start = new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (timer == null && msg instanceof ByteBuf b && b.isReadable()) {
                    timer = ctx.executor()
                            .schedule(
                                    () -> ctx.fireExceptionCaught(new MessageTimeoutException(timeoutNanos)),
                                    timeoutNanos,
                                    TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }
        };
        final ChannelHandler end = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FullHttpRequest) {
                    cancel();
                }
                ctx.fireChannelRead(msg);
            }
        };

        Deadline(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** A request the codec could not parse gets 400 and the connection closes: its framing is lost. */
    @Sharable
    static final class Malformed extends ChannelInboundHandlerAdapter {
        static final Malformed INSTANCE = new Malformed();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req && !req.decoderResult().isSuccess()) {
                String why = String.valueOf(req.decoderResult().cause());
                ctx.fireUserEventTriggered(new MessageRefused("malformed"));
                ReferenceCountUtil.release(msg);
                FullHttpResponse res = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.BAD_REQUEST,
                        Unpooled.copiedBuffer("malformed request: " + why + "\n", StandardCharsets.UTF_8));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                HttpUtil.setContentLength(res, res.content().readableBytes());
                HttpUtil.setKeepAlive(res, false);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
