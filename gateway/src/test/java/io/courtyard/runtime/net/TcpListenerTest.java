package io.courtyard.runtime.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.runtime.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared listener base on real sockets: limits, timeouts and bounded messages, each counted. */
@Timeout(30)
class TcpListenerTest {
    private static final ListenerLimits LIMITS =
            new ListenerLimits(6, 3, Duration.ofMillis(800), Duration.ofMillis(500), 1024);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoops loops = new EventLoops(1, registry);
    private final List<Socket> sockets = new ArrayList<>();
    private TcpListener listener;

    /** Answers every whole request with "ok" and keeps the connection alive. */
    @Sharable
    static final class Ok extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.copiedBuffer("ok", StandardCharsets.UTF_8));
            HttpUtil.setContentLength(res, 2);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            var f = ctx.writeAndFlush(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        loops.start();
        Ok ok = new Ok();
        listener = new TcpListener(
                "test-http", "127.0.0.1", 0, LIMITS, 1, loops, registry, new HttpServerProtocol("ok", () -> ok), null);
        listener.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        listener.stop();
        loops.stop();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", listener.port());
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    private static String exchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] buf = new byte[4096];
        int n = s.getInputStream().read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean closedByPeer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private Socket connectFrom(String local, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    private double paused(String listener) {
        return registry.get("courtyard_listener_accept_paused")
                .tag("listener", listener)
                .counter()
                .count();
    }

    private double counter(String name, String tag, String value) {
        var c = registry.find(name).tag("listener", "test-http").tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aFourthConnectionFromOneAddressIsClosedAtAcceptAndCounted() throws Exception {
        List<Socket> admitted = List.of(connect(), connect(), connect());
        for (Socket s : admitted) {
            assertTrue(exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));
        }

        Socket fourth = connect();

        assertTrue(closedByPeer(fourth), "refused at accept");
        await().until(() -> counter("courtyard_listener_connections_refused", "reason", "max-per-source") == 1);
        admitted.get(0).close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.get("courtyard_listener_connections_open")
                                .gauge()
                                .value()
                        == 2);
        assertTrue(exchange(connect(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"), "a slot freed");
    }

    @Test
    void aFullListenerStopsAcceptingAndServesTheNextConnectionOnceASlotFrees() throws Exception {
        // Its own listener: the shared one's 800 ms idle timeout would free a slot mid-test.
        TcpListener full = new TcpListener(
                "test-full",
                "127.0.0.1",
                0,
                new ListenerLimits(6, 3, Duration.ofSeconds(30), Duration.ofSeconds(10), 1024),
                1,
                loops,
                registry,
                new HttpServerProtocol("ok", Ok::new),
                null);
        full.start();
        try {
            List<Socket> admitted = new ArrayList<>();
            for (String from : List.of("127.0.0.1", "127.0.0.2")) {
                for (int i = 0; i < 3; i++) {
                    admitted.add(connectFrom(from, full.port()));
                }
            }
            for (Socket s : admitted) {
                assertTrue(exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));
            }
            await().until(() -> paused("test-full") == 1);

            // The seventh waits in the backlog: neither served nor accepted and closed.
            Socket waiting = connectFrom("127.0.0.3", full.port());
            waiting.setSoTimeout(700);
            waiting.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThrows(
                    SocketTimeoutException.class, () -> waiting.getInputStream().read());
            var refused = registry.find("courtyard_listener_connections_refused")
                    .tag("listener", "test-full")
                    .counter();
            assertTrue(refused == null || refused.count() == 0, "nothing accepted and closed");

            admitted.get(0).close();
            waiting.setSoTimeout(5000);
            byte[] buf = new byte[4096];
            int n = waiting.getInputStream().read(buf);
            assertTrue(
                    n > 0 && new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"),
                    "served once a slot freed");
            await().until(() -> paused("test-full") == 2);
        } finally {
            full.stop();
        }
    }

    @Test
    void aClientTricklingItsHeadersIsCutAtTheMessageTimeoutWhileOthersAreServed() throws Exception {
        Socket slow = connect();
        OutputStream out = slow.getOutputStream();
        long t0 = System.nanoTime();
        boolean cut = false;
        // One byte every 100 ms never lets the idle clock fire; only the message deadline can stop it.
        for (int i = 0; i < 40 && !cut; i++) {
            try {
                out.write('G');
                out.flush();
                Thread.sleep(100);
            } catch (IOException e) {
                cut = true;
            }
            if (i == 2) {
                assertTrue(
                        exchange(connect(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));
            }
        }

        assertTrue(cut || closedByPeer(slow), "the trickling client was cut");
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(3)) < 0);
        await().until(() -> counter("courtyard_listener_connections_cut", "reason", "messagetimeoutexception") == 1);
    }

    @Test
    void aBodyOverTheLimitIsAnswered413AndCounted() throws Exception {
        String body = "x".repeat(2048);
        String answer = exchange(
                connect(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        await().until(() -> counter("courtyard_listener_messages_refused", "reason", "oversize") == 1);
    }

    @Test
    void aMalformedRequestIsAnswered400ClosedAndCounted() throws Exception {
        Socket s = connect();
        String answer = exchange(s, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(closedByPeer(s));
        await().until(() -> counter("courtyard_listener_messages_refused", "reason", "malformed") == 1);
    }

    @Test
    void anIdleConnectionIsClosedAndCounted() throws Exception {
        Socket s = connect();
        assertTrue(exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));

        assertTrue(closedByPeer(s), "closed after the idle timeout");
        await().until(() -> counter("courtyard_listener_connections_cut", "reason", "idle") == 1);
    }

    @Test
    void stoppingTheListenerClosesItsOpenConnections() throws Exception {
        Socket s = connect();
        assertTrue(exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));

        listener.stop();

        assertTrue(closedByPeer(s));
        await().until(() ->
                registry.get("courtyard_listener_connections_open").gauge().value() == 0);
    }
}
