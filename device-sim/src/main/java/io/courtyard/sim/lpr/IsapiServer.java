package io.courtyard.sim.lpr;

import io.courtyard.device.lpr.isapi.Digest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ISAPI side of an emulated Hikvision ANPR camera: {@code PUT /ISAPI/Parking/channels/{n}/barrierGate}
 * with {@code <BarrierGate><ctrlMode>open|close|lock|unlock</ctrlMode></BarrierGate>}, behind HTTP
 * Digest authentication (RFC 7616: {@code qop="auth"}, MD5 as the firmware offers it, or SHA-256).
 * Nonces expire after a minute ({@code stale=TRUE}); a nonce count that does not rise is refused
 * (a replayed request). Answers are ISAPI {@code ResponseStatus} documents. Built from the public
 * protocol: no real camera was available to compare with.
 */
public final class IsapiServer implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/ISAPI/Parking/channels/(\\d+)/barrierGate");
    private static final Pattern MODE = Pattern.compile("<ctrlMode>\\s*(open|close|lock|unlock)\\s*</ctrlMode>");
    private static final Duration NONCE_LIFE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final String password;
    private final String algorithm;
    private final String realm = "IP Camera(E1234)";
    private final Map<String, Nonce> nonces = new ConcurrentHashMap<>();
    private final List<Command> commands = new ArrayList<>();
    private final List<Integer> refusals = new ArrayList<>();
    private final Channel server;

    /** A barrier command the camera carried out. */
    public record Command(int channel, String mode, Instant at) {}

    private static final class Nonce {
        final Instant issued = Instant.now();
        long lastCount;
    }

    private IsapiServer(
            String username, String password, String algorithm, EventLoopGroup group, String bind, int port) {
        this.username = username;
        this.password = password;
        this.algorithm = algorithm;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 << 10))
                                .addLast(new Handler());
                    }
                })
                .bind(bind, port)
                .syncUninterruptibly()
                .channel();
    }

    /** Listens on {@code bind}, a free port; {@code algorithm} MD5 or SHA-256. */
    public static IsapiServer start(
            String username, String password, String algorithm, EventLoopGroup group, String bind) {
        return new IsapiServer(username, password, algorithm, group, bind, 0);
    }

    /** Listens on {@code bind:port}, as the camera a configuration's {@code isapi.url} names. */
    public static IsapiServer start(
            String username, String password, String algorithm, EventLoopGroup group, String bind, int port) {
        return new IsapiServer(username, password, algorithm, group, bind, port);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String url() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return "http://" + a.getHostString() + ":" + a.getPort();
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** Status codes of refused requests (401 for authentication), in order. */
    public synchronized List<Integer> refusals() {
        return List.copyOf(refusals);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res = answer(req);
            HttpUtil.setContentLength(res, res.content().readableBytes());
            boolean keep = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keep);
            var f = ctx.writeAndFlush(res);
            if (!keep) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private FullHttpResponse answer(FullHttpRequest req) {
        String uri = req.uri();
        Matcher p = PATH.matcher(uri);
        if (!p.matches()) {
            return status(HttpResponseStatus.NOT_FOUND, 4, "Invalid Operation", "notSupport", uri);
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String stale = authenticate(auth, req.method().name());
        if (stale != null) {
            refused(401);
            FullHttpResponse r = status(HttpResponseStatus.UNAUTHORIZED, 4, "Invalid Operation", "unAuthorized", uri);
            String nonce = newNonce();
            r.headers()
                    .set(
                            HttpHeaderNames.WWW_AUTHENTICATE,
                            new Digest.Challenge(realm, nonce, opaque(), algorithm, "auth", "stale".equals(stale))
                                    .header());
            return r;
        }
        if (!HttpMethod.PUT.equals(req.method())) {
            refused(405);
            return status(HttpResponseStatus.METHOD_NOT_ALLOWED, 4, "Invalid Operation", "methodNotAllowed", uri);
        }
        Matcher m = MODE.matcher(req.content().toString(StandardCharsets.UTF_8));
        if (!m.find()) {
            refused(400);
            return status(HttpResponseStatus.BAD_REQUEST, 6, "Invalid XML Content", "badXmlContent", uri);
        }
        synchronized (this) {
            commands.add(new Command(Integer.parseInt(p.group(1)), m.group(1), Instant.now()));
        }
        return status(HttpResponseStatus.OK, 1, "OK", "ok", uri);
    }

    /** Null when the request is authenticated; else why not ({@code stale} for an expired nonce). */
    private String authenticate(String header, String method) {
        if (header == null) {
            return "missing";
        }
        Digest.Credentials c;
        try {
            c = Digest.Credentials.parse(header);
        } catch (IllegalArgumentException e) {
            return "malformed";
        }
        Nonce n = nonces.get(c.nonce());
        if (n == null
                || !username.equals(c.username())
                || !realm.equals(c.realm())
                || !algorithm.equalsIgnoreCase(c.algorithm())
                || !"auth".equals(c.qop())
                || c.nc() == null) {
            return "unknown";
        }
        if (Instant.now().isAfter(n.issued.plus(NONCE_LIFE))) {
            nonces.remove(c.nonce());
            return "stale";
        }
        if (!c.verify(password, method)) {
            return "wrong";
        }
        long count;
        try {
            count = Long.parseLong(c.nc(), 16);
        } catch (NumberFormatException e) {
            return "malformed";
        }
        synchronized (n) {
            if (count <= n.lastCount) {
                return "replayed";
            }
            n.lastCount = count;
        }
        return null;
    }

    private String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String nonce = Base64.getEncoder().encodeToString(b);
        nonces.put(nonce, new Nonce());
        return nonce;
    }

    private static String opaque() {
        return "ISAPI";
    }

    private synchronized void refused(int status) {
        refusals.add(status);
    }

    private static FullHttpResponse status(HttpResponseStatus http, int code, String text, String sub, String uri) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ResponseStatus version=\"2.0\""
                + " xmlns=\"http://www.isapi.org/ver20/XMLSchema\">\n<requestURL>" + uri.replace("<", "&lt;")
                + "</requestURL>\n<statusCode>" + code + "</statusCode>\n<statusString>" + text
                + "</statusString>\n<subStatusCode>" + sub + "</subStatusCode>\n</ResponseStatus>\n";
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, http, Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml; charset=UTF-8");
        return r;
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
    }
}
