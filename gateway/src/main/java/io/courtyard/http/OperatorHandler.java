package io.courtyard.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches operator requests by path; stateless, so one instance serves every channel. */
@Sharable
final class OperatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "operator-handler";
    private static final Logger log = LoggerFactory.getLogger(OperatorHandler.class);

    private final Map<String, Route> routes;

    OperatorHandler(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpResponse res;
        if (!req.decoderResult().isSuccess()) {
            res = text(HttpResponseStatus.BAD_REQUEST, "malformed request\n");
        } else {
            Route route = routes.get(new QueryStringDecoder(req.uri()).path());
            res = route == null
                    ? text(HttpResponseStatus.NOT_FOUND, "no such path; try /health\n")
                    : handle(route, req);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
        HttpUtil.setContentLength(res, res.content().readableBytes());
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A failing route answers 500 instead of dropping the connection without a response. */
    private static FullHttpResponse handle(Route route, FullHttpRequest req) {
        try {
            return route.handle(req);
        } catch (RuntimeException e) {
            log.warn("operator request {} failed: {}", new QueryStringDecoder(req.uri()).path(), e.toString());
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the gateway log\n");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("operator connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, "text/plain; charset=utf-8", body);
    }

    static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return res;
    }
}
