package io.courtyard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator listener on a real socket (port 0) with a real HTTP client. */
@Timeout(30)
class OperatorHttpServerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoops loops = new EventLoops(1, registry);
    private final AtomicReference<String> routeThread = new AtomicReference<>();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OperatorHttpServer server;

    @BeforeEach
    void start() throws Exception {
        loops.start();
        server = new OperatorHttpServer(new Listener(true, "127.0.0.1", 0), loops, registry)
                .route("/health", r -> {
                    routeThread.set(Thread.currentThread().getName());
                    return Responses.bytes(
                            HttpResponseStatus.OK, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                })
                .route("/broken", r -> {
                    throw new IllegalStateException("route bug");
                })
                .routePrefix(
                        "/api/echo/",
                        r -> Responses.text(
                                HttpResponseStatus.OK,
                                r.path() + " " + r.param("n").orElse("-") + " " + r.method()));
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop();
        loops.stop();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void boundPortZeroGetsARealPortAndAnswersItsRoutes() throws Exception {
        assertTrue(server.port() > 0);

        HttpResponse<String> res = get("/health?verbose=1");

        assertEquals(200, res.statusCode());
        assertEquals("{}", res.body());
        assertEquals(
                "application/json", res.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void unknownPathIsNotFoundWithAHint() throws Exception {
        HttpResponse<String> res = get("/nope");

        assertEquals(404, res.statusCode());
        assertEquals("no such path; try /health\n", res.body());
    }

    @Test
    void failingRouteAnswersServerErrorAndTheListenerKeepsServing() throws Exception {
        HttpResponse<String> res = get("/broken");

        assertEquals(500, res.statusCode());
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void stoppedServerNoLongerAcceptsConnections() throws Exception {
        int port = server.port();
        server.stop();

        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        assertThrows(ConnectException.class, () -> client.send(req, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void routesRunOnTheNamedRouteExecutorNeverOnAnEventLoop() throws Exception {
        assertEquals(200, get("/health").statusCode());

        assertTrue(routeThread.get().startsWith("operator-http-route-"), routeThread::get);
    }

    @Test
    void prefixRoutesSeeThePathAndTheQuery() throws Exception {
        HttpResponse<String> res = get("/api/echo/devices/gate-1?n=7");

        assertEquals(200, res.statusCode());
        assertEquals("/api/echo/devices/gate-1 7 GET", res.body());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            String twoRequests = "GET /api/echo/a?n=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /api/echo/b?n=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            out.write(twoRequests.getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            int first = answers.indexOf("/api/echo/a 1 GET");
            int second = answers.indexOf("/api/echo/b 2 GET");
            assertTrue(first > 0 && second > first, answers);
        }
    }
}
