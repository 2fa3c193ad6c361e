package io.courtyard.sim.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.ops.Gateway;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor emulators of both code tables against the real gateway over MQTT: every behaviour
 * arrives as the events the README promises (trips, transients, faults, trapped-passenger alarms,
 * power loss, inspection, wills and reconnects, malformed payloads, unknown codes).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorEmulatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final String CONFIG =
            """
            site:
              id: sim-court
              timeZone: Asia/Shanghai
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 9, roomsPerFloor: 2, area: 89.5}
                    - {id: "2", floors: 9, roomsPerFloor: 2, area: 89.5}
            state:
              dir: %s
            listeners:
              http: {enabled: false}
              cameras: {enabled: false}
              deviceMqtt: {bind: 127.0.0.1, port: %d}
            journal:
              synchronous: normal
            osdpBuses:
              - id: lift-bus
                host: 127.0.0.1
                port: %d
                devices:
                  - {id: lift-1, address: 1}
                  - {id: lift-2, address: 2}
            elevators:
              - {id: elevator-1-1, building: "1", unit: "1", reader: {bus: lift-bus, address: 1}, floorOutputs: {1: 0, 7: 6}}
              - {id: elevator-1-2, building: "1", unit: "2", reader: {bus: lift-bus, address: 2}, floorOutputs: {1: 0, 7: 6}}
            monitoring:
              debounce: {trapped-at-floor: 1s, trapped-between-floors: 1s, door-close-failure: 1s, power-failure: 1s}
            monitors:
              - {id: monitor-1-1, elevator: elevator-1-1, secret: s11}
              - {id: monitor-1-2, elevator: elevator-1-2, secret: s12, faultTable: gov-platform}
            """;

    @TempDir
    Path dir;

    private Gateway gateway;
    private MonitorSim sim;

    @BeforeEach
    void start() throws Exception {
        int port = freePort();
        Path file = dir.resolve("sim.yaml");
        Files.writeString(file, CONFIG.formatted(dir.resolve("state"), port, freePort()));
        GatewayConfig config = ConfigLoader.load(file);
        gateway = new Gateway(config);
        gateway.start();
        sim = MonitorSim.of(config, "127.0.0.1", port, STEP).connectAll();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Event(String kind, String device, JsonNode body) {}

    private List<Event> events() throws Exception {
        List<Event> out = new ArrayList<>();
        try (Connection c = gateway.database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT kind, device, body FROM events ORDER BY seq")) {
            while (rs.next()) {
                out.add(new Event(rs.getString(1), rs.getString(2), JSON.readTree(rs.getString(3))));
            }
        }
        return out;
    }

    private List<Event> awaitEvents(Predicate<Event> p, int n) {
        return await().atMost(WAIT).until(() -> events().stream().filter(p).toList(), l -> l.size() >= n);
    }

    private static Predicate<Event> of(String device, String kind, String field, String value) {
        return e -> e.device().equals(device)
                && e.kind().equals(kind)
                && e.body().path(field).asText().equals(value);
    }

    @Test
    void tripsAndDoorCyclesOfACarAreTripEvents() throws Exception {
        MonitorEmulator m = sim.of("elevator-1-1").orElseThrow();
        m.ride(7).get(10, TimeUnit.SECONDS);
        m.ride(2).get(10, TimeUnit.SECONDS);
        List<Event> trips = awaitEvents(of("monitor-1-1", "device", "state", "trip"), 2);
        assertThat(trips.get(0).body().path("fromFloor").asInt()).isEqualTo(1);
        assertThat(trips.get(0).body().path("toFloor").asInt()).isEqualTo(7);
        assertThat(trips.get(1).body().path("direction").asText()).isEqualTo("down");
        assertThat(trips.get(1).body().path("doorCycles").asInt()).isEqualTo(1);
    }

    @Test
    void bothCodeTablesDebounceTheirFaults() throws Exception {
        for (String elevator : List.of("elevator-1-1", "elevator-1-2")) {
            MonitorEmulator m = sim.of(elevator).orElseThrow();
            String code = m.code("door-close-failure");
            m.fault(code, Duration.ofMillis(200)).get(10, TimeUnit.SECONDS);
            m.fault(code, Duration.ofMillis(1800)).get(10, TimeUnit.SECONDS);
            m.unknownCode().get(10, TimeUnit.SECONDS);
            // The monitor's own fault events (fault-changed, with its code), not the fault log's
            // lifecycle changes that share the topic.
            List<Event> faults = awaitEvents(
                    e -> e.device().equals(m.id())
                            && e.kind().equals("fault")
                            && e.body().has("code"),
                    5);
            assertThat(faults)
                    .extracting(e -> e.body().path("fault").asText() + ":"
                            + e.body().path("state").asText())
                    .containsExactly(
                            "door-close-failure:transient",
                            "door-close-failure:raised",
                            "door-close-failure:cleared",
                            "unknown:raised",
                            "unknown:cleared");
        }
        assertThat(sim.of("elevator-1-2").orElseThrow().code("door-close-failure"))
                .isEqualTo("2");
    }

    @Test
    void trappedPassengersRaiseTheAlarmOnEitherTable() throws Exception {
        sim.of("elevator-1-1")
                .orElseThrow()
                .trapPassengers(true, Duration.ofMillis(1800))
                .get(10, TimeUnit.SECONDS);
        sim.of("elevator-1-2")
                .orElseThrow()
                .trapPassengers(false, Duration.ofMillis(1800))
                .get(10, TimeUnit.SECONDS);
        List<Event> a = awaitEvents(of("monitor-1-1", "alarm", "alarm", "trapped-passenger"), 2);
        assertThat(a.get(0).body().path("fault").asText()).isEqualTo("trapped-between-floors");
        assertThat(a.get(1).body().path("state").asText()).isEqualTo("cleared");
        List<Event> b = awaitEvents(of("monitor-1-2", "alarm", "alarm", "trapped-passenger"), 2);
        assertThat(b.get(0).body().path("code").asText()).isEqualTo("93");
    }

    @Test
    void powerLossInspectionAndAnOutageAreWhatTheyAre() throws Exception {
        MonitorEmulator iot = sim.of("elevator-1-1").orElseThrow();
        MonitorEmulator gov = sim.of("elevator-1-2").orElseThrow();
        iot.powerLoss(Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS);
        gov.powerLoss(Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS);
        assertThat(awaitEvents(of("monitor-1-1", "fault", "fault", "power-failure"), 2))
                .hasSize(2);
        assertThat(awaitEvents(of("monitor-1-2", "fault", "code", "41"), 2)).hasSize(2);

        gov.inspection(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
        assertThat(awaitEvents(of("monitor-1-2", "device", "state", "service"), 2))
                .extracting(e -> e.body().path("service").asText() + ":"
                        + e.body().path("change").asText())
                .containsExactly("inspection:started", "inspection:ended");
        iot.inspection(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
        assertThat(awaitEvents(of("monitor-1-1", "device", "mode", "inspection"), 1))
                .isNotEmpty();

        gov.offlineFor(Duration.ofMillis(500)).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(gov::connected);
        assertThat(awaitEvents(of("monitor-1-2", "device", "reason", "connection-lost"), 1))
                .hasSize(1);
        assertThat(awaitEvents(of("monitor-1-2", "device", "topic", "lwt"), 1))
                .singleElement()
                .satisfies(e -> assertThat(e.body().path("will").asBoolean()).isTrue());
        assertThat(awaitEvents(of("monitor-1-2", "device", "state", "online"), 2))
                .hasSize(2);
    }

    @Test
    void malformedPayloadsAreRefusedJournaledAndTheMonitorCarriesOn() throws Exception {
        MonitorEmulator m = sim.of("elevator-1-1").orElseThrow();
        m.malformed().get(10, TimeUnit.SECONDS);
        m.ride(3).get(10, TimeUnit.SECONDS);
        assertThat(awaitEvents(of("monitor-1-1", "device", "state", "malformed"), 3))
                .extracting(e -> e.body().path("reason").asText())
                .anySatisfy(r -> assertThat(r).startsWith("not JSON"))
                .anySatisfy(r -> assertThat(r).contains("field floor"))
                .anySatisfy(r -> assertThat(r).contains("field code: missing"));
        assertThat(awaitEvents(of("monitor-1-1", "device", "state", "trip"), 1)).hasSize(1);
    }
}
