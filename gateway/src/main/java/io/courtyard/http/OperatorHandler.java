package io.courtyard.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each whole request to its route on the blocking executor and writes the answer back.
 * While a request is being answered the connection reads nothing more, so pipelined requests are
 * answered in order and a client cannot queue more work than one request at a time. Stateless
 * between requests, so one instance serves every channel.
 */
@Sharable
final class OperatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "operator-handler";
    private static final Logger log = LoggerFactory.getLogger(OperatorHandler.class);

    private final Routes routes;
    private final ExecutorService executor;

    OperatorHandler(Routes routes, ExecutorService executor) {
        super(false);
        this.routes = routes;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        OperatorRequest request =
                OperatorRequest.of(req, (InetSocketAddress) ctx.channel().remoteAddress());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Route route = routes.find(request.path());
        if (route == null) {
            req.release();
            write(ctx, keepAlive, Responses.text(HttpResponseStatus.NOT_FOUND, "no such path; try /health\n"));
            return;
        }
        ctx.channel().config().setAutoRead(false);
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

    /** Safe from any thread: Netty runs the write on the channel's loop. */
    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (keepAlive) {
            f.addListener(done -> ctx.channel().config().setAutoRead(true));
        } else {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
