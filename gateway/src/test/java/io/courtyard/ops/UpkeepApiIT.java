package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.auth.Audit;
import io.courtyard.http.auth.LocalAccess;
import io.courtyard.http.auth.LocalToken;
import io.courtyard.http.auth.OperatorAuth;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault, usage and bill API of a running gateway (demo configuration, free ports, uplink
 * down): a forced door becomes a fault a crew acknowledges over HTTP, rides become a month's usage
 * and a statement that is issued and then matches.
 */
@Timeout(120)
class UpkeepApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    private String token;

    private HttpResponse<String> call(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest req = b.method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = call("GET", path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The demo configuration on free ports, its uplink unreachable. */
    private GatewayConfig demo() throws Exception {
        String unreachable = "tcp://127.0.0.1:" + Mosquitto.freePort();
        return ConfigLoader.load(ProjectFiles.demoConfigOnFreePorts(dir, unreachable))
                .withStateDir(dir.resolve("state"));
    }

    @Test
    void crewsAndCommitteesGetTheirAnswersFromTheBox() throws Exception {
        GatewayConfig config = demo();
        Gateway g = new Gateway(config);
        g.start();
        try {
            port = g.http().orElseThrow().port();
            // The command line's key: the gateway writes it into its state directory at start.
            assertThat(call("GET", "/api/faults").statusCode()).isEqualTo(401);
            token = LocalToken.read(dir.resolve("state"));
            Instant at = Instant.now();
            g.journal()
                    .append(EventDraft.at(
                            "north-gate",
                            at,
                            new DoorAlarm(
                                    DoorAlarm.Alarm.DOOR_FORCED_OPEN,
                                    AlarmState.RAISED,
                                    "north-gate",
                                    "North gate",
                                    at,
                                    null)))
                    .get(10, TimeUnit.SECONDS);
            Instant oct = Instant.parse("2026-10-10T02:00:00Z");
            for (int i = 0; i < 3; i++) {
                g.journal()
                        .append(new EventDraft(
                                "elevator-1-1",
                                oct,
                                oct,
                                new RideRecorded(
                                        "elevator-1-1",
                                        "1",
                                        "1",
                                        "card",
                                        null,
                                        null,
                                        null,
                                        "resident",
                                        "1-1-30" + (1 + i % 2),
                                        1,
                                        false,
                                        3,
                                        null,
                                        oct,
                                        "granted",
                                        1)))
                        .get(10, TimeUnit.SECONDS);
            }

            String[] id = new String[1];
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode page = json("/api/faults?device=north-gate&open=true");
                assertThat(page.get("faults")).hasSize(1);
                id[0] = page.get("faults").get(0).get("id").asText();
            });
            HttpResponse<String> ack = call("POST", "/api/faults/" + id[0] + "/ack?by=wang.li&note=on%20my%20way");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            assertThat(JSON.readTree(ack.body()).get("state").asText()).isEqualTo("acknowledged");
            assertThat(call("POST", "/api/faults/" + id[0] + "/ack?by=wang.li").statusCode())
                    .isEqualTo(409);
            assertThat(call("POST", "/api/faults/f-999999/ack?by=wang.li").statusCode())
                    .isEqualTo(404);
            assertThat(call("GET", "/api/faults?severity=catastrophic").statusCode())
                    .isEqualTo(400);
            JsonNode one = json("/api/faults/" + id[0]);
            assertThat(one.get("changes")).hasSize(2);
            assertThat(call("GET", "/api/faults?format=csv").body()).startsWith("id,device,type,severity,state,");
            assertThat(json("/api/faults/stats").get("faults").asLong()).isGreaterThanOrEqualTo(1);

            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                            json("/api/usage?month=2026-10&elevator=elevator-1-1")
                                    .get("elevators")
                                    .get(0)
                                    .get("rides")
                                    .asLong())
                    .isEqualTo(3));
            assertThat(json("/api/bills?month=2026-10&elevator=elevator-1-1")
                            .get("issued")
                            .asText())
                    .isEqualTo("not-issued");
            HttpResponse<String> issued = call("POST", "/api/bills/issue?month=2026-10&elevator=elevator-1-1");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
            String hash = JSON.readTree(issued.body()).get("hash").asText();
            JsonNode bill = json("/api/bills?month=2026-10&elevator=elevator-1-1");
            assertThat(bill.get("issued").asText()).isEqualTo("matches");
            assertThat(bill.get("statement").get("hash").asText()).isEqualTo(hash);
            assertThat(call("GET", "/api/bills?month=2026-10&elevator=elevator-1-1&format=csv")
                            .body())
                    .startsWith("# month=2026-10 elevator=elevator-1-1");
        } finally {
            g.stop();
        }
    }

    @Test
    void theLocalTokenIsRefusedFromAnotherMachineAndAForgedOneFromAnywhere() throws Exception {
        GatewayConfig config = demo();
        Gateway g = new Gateway(config);
        g.start();
        try {
            port = g.http().orElseThrow().port();
            String local = LocalToken.read(dir.resolve("state"));
            token = local.substring(0, local.length() - 1) + (local.endsWith("A") ? "B" : "A");
            assertThat(call("GET", "/api/faults").statusCode()).isEqualTo(401);
            // The same token from a non-loopback address is no key: the auth layer sees the address.
            OperatorAuth auth = new OperatorAuth(
                    config.operators(),
                    new Audit(d -> CompletableFuture.completedFuture(null), Clock.systemUTC()),
                    false,
                    Clock.systemUTC());
            java.nio.file.Files.createDirectories(dir.resolve("state2"));
            new LocalAccess(auth, dir.resolve("state2")).start();
            String fresh = LocalToken.read(dir.resolve("state2"));
            var http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/faults");
            http.headers().set("Authorization", "Bearer " + fresh);
            var far = new OperatorRequest(http, new InetSocketAddress("192.0.2.7", 40000), "/api/faults", Map.of());
            assertThat(auth.who(far)).isInstanceOf(OperatorAuth.Who.Nobody.class);
            var near = new OperatorRequest(http, new InetSocketAddress("127.0.0.1", 40000), "/api/faults", Map.of());
            assertThat(auth.who(near)).isInstanceOf(OperatorAuth.Who.Known.class);
        } finally {
            g.stop();
        }
        assertThat(LocalToken.read(dir.resolve("state"))).as("removed at stop").isNull();
    }
}
