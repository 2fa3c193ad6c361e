package io.courtyard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.EventLoops;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator listener on a real socket (port 0) with a real HTTP client. */
@Timeout(30)
class OperatorHttpServerTest {
    private final EventLoops loops = new EventLoops(1, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OperatorHttpServer server;

    @BeforeEach
    void start() throws Exception {
        loops.start();
        server = new OperatorHttpServer(new Listener(true, "127.0.0.1", 0), loops)
                .route("/health", r -> OperatorHandler.response(HttpResponseStatus.OK, "application/json", "{}"))
                .route("/broken", r -> {
                    throw new IllegalStateException("route bug");
                });
        server.start();
    }

    @AfterEach
    void stop() {
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
}
