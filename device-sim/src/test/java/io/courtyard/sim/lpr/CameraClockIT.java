package io.courtyard.sim.lpr;

import static io.courtyard.sim.testsupport.LprRig.HK_ADDRESS;
import static io.courtyard.sim.testsupport.LprRig.HK_IN;
import static io.courtyard.sim.testsupport.LprRig.RESIDENT;
import static io.courtyard.sim.testsupport.LprRig.VISITOR;
import static io.courtyard.sim.testsupport.LprRig.VZ_IN;
import static io.courtyard.sim.testsupport.LprRig.VZ_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.sim.testsupport.LprRig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, clock: a camera's clock is read from its own pushes (Vzenith {@code timeStamp},
 * Hikvision {@code dateTime}) against the gateway's; one off by more than the limit (2 min by
 * default) is a gauge, a {@code deviceClocks} entry on {@code /health} and one {@code device} event;
 * the reads a camera kept while it was cut off carry their old times and are no skew.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraClockIT {
    @TempDir
    Path dir;

    private LprRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void camerasWhoseClocksAreOffAreReportedAndKeptReadsAreNot() throws Exception {
        rig = LprRig.start(dir);
        VzenithCamera fast = rig.vzenith(VZ_IN);
        HikvisionCamera slow = rig.hikvision(HK_ADDRESS);
        VzenithCamera kept = rig.vzenith(VZ_OUT);

        // The exit camera was cut off for an hour: what it kept arrives stamped an hour ago.
        kept.network(false);
        for (int i = 0; i < 4; i++) {
            kept.read(VISITOR, 95, Instant.now().minus(Duration.ofMinutes(60 - i)));
        }
        kept.network(true);
        assertThat(kept.drainOffline(null)).hasSize(4);
        for (int i = 0; i < 3; i++) {
            // Ten minutes fast, and a Hikvision four minutes slow (its dateTime carries an offset).
            fast.read(RESIDENT, 96, Instant.now().plus(Duration.ofMinutes(10)));
            slow.read(VISITOR, 95, Instant.now().minus(Duration.ofMinutes(4)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> clockEvents().size() >= 2);
        List<JsonNode> events = clockEvents();
        assertThat(events).extracting(n -> n.path("_device").asText()).containsExactlyInAnyOrder(VZ_IN, HK_IN);
        assertThat(events).allSatisfy(n -> {
            assertThat(n.path("clock").asText()).isEqualTo("skewed");
            assertThat(n.path("limitSeconds").asInt()).isEqualTo(120);
        });
        JsonNode vz = events.stream()
                .filter(n -> n.path("_device").asText().equals(VZ_IN))
                .findFirst()
                .orElseThrow();
        assertThat(vz.path("skewSeconds").asDouble()).isBetween(590.0, 601.0);
        assertThat(rig.metric("courtyard_device_clock_skew_seconds", "device=\"" + HK_IN + "\""))
                .isBetween(-241.0, -230.0);
        assertThat(rig.metric("courtyard_device_clock_skew_seconds", "device=\"" + VZ_OUT + "\""))
                .as("no sample from the kept reads")
                .isZero();

        JsonNode clocks = health().path("deviceClocks");
        assertThat(clocks.path("limitSeconds").asInt()).isEqualTo(120);
        assertThat(clocks.path("skewed").toString()).isEqualTo("[\"" + HK_IN + "\",\"" + VZ_IN + "\"]");
        assertThat(clocks.path("skewSeconds").has(VZ_OUT)).isFalse();
    }

    private List<JsonNode> clockEvents() throws Exception {
        return rig.events("device").stream().filter(n -> n.has("clock")).toList();
    }

    private JsonNode health() throws Exception {
        int port = rig.gateway().http().orElseThrow().port();
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return new ObjectMapper().readTree(body);
    }
}
