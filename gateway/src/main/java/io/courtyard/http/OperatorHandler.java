package io.courtyard.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each whole request to its route on the blocking executor and writes the answer back, one
 * request of a connection at a time: pipelined requests that arrive in one read are decoded
 * together, so they wait in the connection's queue (on its event loop) and each is handed on only
 * when the answer before it is written; the answers keep the requests' order, and an answer that
 * closes the connection is the last. While a request is being answered the connection reads
 * nothing more, so a client cannot queue more work than what one read held. Stateless between
 * connections, so one instance serves every channel.
 */
@Sharable
final class OperatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "operator-handler";
    private static final Logger log = LoggerFactory.getLogger(OperatorHandler.class);
    private static final AttributeKey<ArrayDeque<FullHttpRequest>> WAITING = AttributeKey.valueOf("operator-waiting");

    private final Routes routes;
    private final ExecutorService executor;

    OperatorHandler(Routes routes, ExecutorService executor) {
        super(false);
        this.routes = routes;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).setIfAbsent(new ArrayDeque<>());
        if (waiting == null) {
            waiting = ctx.channel().attr(WAITING).get();
        }
        waiting.add(req);
        ctx.channel().config().setAutoRead(false);
        if (waiting.size() == 1) {
            answer(ctx, req);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).getAndSet(null);
        if (waiting != null) {
            // The head is released by its answer; the others were never handed on.
            waiting.stream().skip(1).forEach(FullHttpRequest::release);
        }
        super.channelInactive(ctx);
    }

    /** Answers the connection's oldest waiting request; on its event loop. */
    private void answer(ChannelHandlerContext ctx, FullHttpRequest req) {
        OperatorRequest request =
                OperatorRequest.of(req, (InetSocketAddress) ctx.channel().remoteAddress());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Route route = routes.find(request.path());
        if (route == null) {
            req.release();
            write(ctx, keepAlive, Responses.text(HttpResponseStatus.NOT_FOUND, "no such path; try /health\n"));
            return;
        }
        try {
            executor.execute(() -> {
                FullHttpResponse res;
                try {
                    res = handle(route, request);
                } finally {
                    req.release();
                }
                write(ctx, keepAlive, res);
            });
        } catch (RejectedExecutionException e) {
            req.release();
            write(ctx, keepAlive, Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy; try again\n"));
        }
    }

    /** A failing route answers 500 instead of dropping the connection without a response. */
    private static FullHttpResponse handle(Route route, OperatorRequest request) {
        try {
            return route.handle(request);
        } catch (Exception e) {
            log.warn("operator request {} failed: {}", request.path(), e.toString());
            return Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the gateway log\n");
        }
    }

    /** Safe from any thread: Netty runs the write, and what follows it, on the channel's loop. */
    private void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        // Every answer: no sniffing a JSON body into a script, no framing, no referrer leaving the
        // box, and nothing cached that a route did not say may be (answers carry people's data).
        res.headers()
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer");
        if (!res.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        f.addListener(done -> {
            ArrayDeque<FullHttpRequest> waiting = ctx.channel().attr(WAITING).get();
            if (waiting == null) {
                return; // closed meanwhile
            }
            waiting.poll();
            FullHttpRequest next = waiting.peek();
            if (next != null) {
                answer(ctx, next);
            } else {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }
}
