package io.courtyard.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.config.OperatorsConfig;
import io.courtyard.config.OperatorsConfig.Role;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.http.Responses;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.OperatorLogout;
import io.courtyard.runtime.EventLoops;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions end over real HTTP when the clock says so (idle and absolute limits of the demo's
 * operators: 30 min, 12 h), and the journal hears why; the clock is the test's, not a wait.
 */
@Timeout(60)
class SessionExpiryTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoops loops = new EventLoops(1, registry);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-10-01T08:00:00Z"));
    private final List<EventDraft> journaled = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private OperatorHttpServer server;

    @BeforeEach
    void start() throws Exception {
        OperatorsConfig operators =
                ConfigLoader.load(ProjectFiles.config("demo.yaml")).operators();
        Audit audit = new Audit(
                d -> {
                    journaled.add(d);
                    return CompletableFuture.completedFuture(null);
                },
                clock);
        OperatorAuth auth = new OperatorAuth(operators, audit, false, clock);
        AuthRoutes login = new AuthRoutes(auth);
        Guard guard = new Guard(auth, audit);
        loops.start();
        server = new OperatorHttpServer(new Listener(true, "127.0.0.1", 0), loops, registry)
                .route("/api/login", login::login)
                .route("/api/me", login::me)
                .route(
                        "/api/secret",
                        guard.wrap(r -> Rule.read(Role.MAINTENANCE), r -> Responses.text(HttpResponseStatus.OK, "ok")));
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop();
        loops.stop();
    }

    private String login() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("user=li.wei&password=demo-crew-2026"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private int get(String cookie) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/secret"))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void aSessionLeftIdleForItsLimitIsRefusedAndJournaledAsIdle() throws Exception {
        String cookie = login();
        assertThat(get(cookie)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(get(cookie)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(get(cookie)).isEqualTo(401);
        assertThat(get(cookie)).as("gone for good, not revived").isEqualTo(401);
        assertThat(journaled)
                .extracting(EventDraft::event)
                .filteredOn(e -> e instanceof OperatorLogout)
                .containsExactly(new OperatorLogout(OperatorLogout.Reason.IDLE, "li.wei", "maintenance", "127.0.0.1"));
    }

    @Test
    void aSessionInUseEndsAtItsAbsoluteLimit() throws Exception {
        String cookie = login();
        for (int i = 0; i < 12 * 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(get(cookie)).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(get(cookie)).isEqualTo(401);
        assertThat(journaled)
                .extracting(EventDraft::event)
                .filteredOn(e -> e instanceof OperatorLogout)
                .containsExactly(
                        new OperatorLogout(OperatorLogout.Reason.EXPIRED, "li.wei", "maintenance", "127.0.0.1"));
    }
}
