package io.courtyard.device.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.Actuation;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.Reason;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.FaultCatalog;
import io.courtyard.config.MonitoringConfig;
import io.courtyard.config.Secret;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.Decider;
import io.courtyard.device.mqtt.Departure;
import io.courtyard.device.mqtt.DeviceMessages.Connection;
import io.courtyard.device.mqtt.DeviceMessages.Handled;
import io.courtyard.device.mqtt.Inbound;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.ListEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor room on its own: messages in, journal events out, through the real debounce timers. */
class MonitorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ListEventSource journal = new ListEventSource("test", "site-1");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecentCards cards = new RecentCards(List.of("elevator-1-1"));
    private Monitors monitors;

    private Monitors monitors(Map<String, Duration> debounce, Duration silence) {
        MonitoringConfig config =
                new MonitoringConfig(silence, Duration.ofMinutes(5), debounce, FaultCatalog.builtIn(), Map.of());
        Elevator e = new Elevator(
                "elevator-1-1",
                "1",
                "1",
                new PdRef("b", 1),
                new PdRef("b", 1),
                Map.of(1, 0, 7, 6),
                Map.of(),
                List.of(1),
                Duration.ofSeconds(10),
                true);
        Monitor m = new Monitor("monitor-1-1", "elevator-1-1", "monitor-1-1", new Secret("s"));
        DevicesConfig devices =
                new DevicesConfig(List.of(), List.of(), List.of(e), List.of(), List.of(), List.of(m), config);
        EventSink sink = d -> CompletableFuture.completedFuture(journal.add(d));
        monitors = new Monitors(
                devices,
                sink,
                cards,
                new ClockSkew(Duration.ofMinutes(2), registry, sink),
                registry,
                Clock.systemUTC());
        monitors.start();
        return monitors;
    }

    @AfterEach
    void stop() throws Exception {
        if (monitors != null) {
            monitors.stop();
        }
    }

    private Handled publish(String subtopic, String payload) throws Exception {
        return publish(subtopic, payload, false);
    }

    private Handled publish(String subtopic, String payload, boolean will) throws Exception {
        return monitors.publish(new Inbound(
                        "monitor-1-1", subtopic, payload.getBytes(StandardCharsets.UTF_8), 1, will, Instant.now()))
                .get();
    }

    private List<JsonNode> bodies(EventKind kind) {
        return journal.all().stream()
                .filter(e -> e.kind() == kind)
                .map(JournalEvent::body)
                .map(b -> {
                    try {
                        return JSON.readTree(b);
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .toList();
    }

    /** A resident of 1-1-702 presents a card at the car's reader and is granted floors 1 and 7. */
    private void cardAtTheCar(long number, String household) {
        Decider engine = r -> CompletableFuture.completedFuture(new Decision(
                Reason.GRANTED,
                r.device(),
                null,
                r.credential(),
                "c-" + number,
                "h-" + number,
                "resident",
                household,
                new Actuation.Floors(List.of(1, 7), List.of(0, 6), Duration.ofSeconds(10)),
                "group residents",
                null,
                1));
        cards.around(engine)
                .decide(new AccessRequest(
                        "elevator-1-1", CredentialKey.card("h10301", 12, number), null, Instant.now()));
    }

    @Test
    void trappedPassengersRaiseASafetyAlarmWithTheCarsLastStatusAndWhoProbablyIsInside() throws Exception {
        monitors(Map.of("trapped-at-floor", Duration.ofMillis(200)), Duration.ofMinutes(2));
        cardAtTheCar(1001, "1-1-702");
        cardAtTheCar(1003, "1-1-301");
        publish("status", "{\"floor\":4,\"door\":\"closed\",\"power\":\"battery\",\"running\":\"stopped\"}");
        publish("fault", "{\"code\":7}");
        assertThat(bodies(EventKind.ALARM)).as("not before the debounce").isEmpty();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> !bodies(EventKind.ALARM).isEmpty());
        JsonNode alarm = bodies(EventKind.ALARM).get(0);
        assertThat(alarm.path("alarm").asText()).isEqualTo("trapped-passenger");
        assertThat(alarm.path("state").asText()).isEqualTo("raised");
        assertThat(alarm.path("fault").asText()).isEqualTo("trapped-at-floor");
        assertThat(alarm.path("lastStatus").path("floor").asInt()).isEqualTo(4);
        assertThat(alarm.path("lastStatus").path("door").asText()).isEqualTo("closed");
        assertThat(alarm.path("lastStatus").path("power").asText()).isEqualTo("battery");
        assertThat(alarm.path("recentCards")).hasSize(2);
        assertThat(alarm.path("recentCards").get(0).path("household").asText()).isEqualTo("1-1-702");
        // Masked as in every access event: a crew learns the household, never the card number.
        assertThat(alarm.path("recentCards").get(0).path("credential").asText()).doesNotContain("1001");
        assertThat(bodies(EventKind.FAULT)).singleElement().satisfies(f -> {
            assertThat(f.path("state").asText()).isEqualTo("raised");
            assertThat(f.path("debounceMs").asLong()).isEqualTo(200);
        });

        publish("fault", "{\"code\":7,\"state\":\"cleared\"}");
        assertThat(bodies(EventKind.ALARM)).hasSize(2);
        assertThat(bodies(EventKind.ALARM).get(1).path("state").asText()).isEqualTo("cleared");
        assertThat(registry.get("courtyard.monitor.alarms")
                        .tag("alarm", "trapped-passenger")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aCodeClearedWithinItsDebounceIsATransientAndNoAlarm() throws Exception {
        monitors(Map.of("trapped-at-floor", Duration.ofSeconds(5)), Duration.ofMinutes(2));
        publish("fault", "{\"code\":7}");
        publish("fault", "{\"code\":7,\"state\":\"cleared\"}");
        assertThat(bodies(EventKind.FAULT))
                .singleElement()
                .satisfies(f -> assertThat(f.path("state").asText()).isEqualTo("transient"));
        Thread.sleep(300);
        assertThat(bodies(EventKind.ALARM)).isEmpty();
    }

    @Test
    void tripsComeFromTheStatusAndNameTheGrantsThatSentThemThere() throws Exception {
        monitors(Map.of(), Duration.ofMinutes(2));
        publish("status", "{\"floor\":1,\"running\":\"stopped\",\"door\":\"open\"}");
        cardAtTheCar(1001, "1-1-702");
        publish("status", "{\"door\":\"closed\"}");
        publish("status", "{\"running\":\"running\",\"direction\":\"up\"}");
        publish("status", "{\"floor\":7,\"running\":\"stopped\",\"direction\":\"none\"}");
        List<JsonNode> trips = bodies(EventKind.DEVICE).stream()
                .filter(b -> b.path("state").asText().equals("trip"))
                .toList();
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.path("fromFloor").asInt()).isEqualTo(1);
            assertThat(t.path("toFloor").asInt()).isEqualTo(7);
            assertThat(t.path("doorCycles").asInt()).isEqualTo(1);
            assertThat(t.path("cards"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.path("household").asText()).isEqualTo("1-1-702"));
        });
    }

    @Test
    void anUnknownCodeIsJournaledAsSuchAndCounted() throws Exception {
        monitors(Map.of(), Duration.ofMinutes(2));
        publish("fault", "{\"code\":\"E404\"}");
        assertThat(bodies(EventKind.FAULT)).singleElement().satisfies(f -> {
            assertThat(f.path("fault").asText()).isEqualTo("unknown");
            assertThat(f.path("code").asText()).isEqualTo("E404");
            assertThat(f.path("table").asText()).isEqualTo("iot-terminal");
        });
        assertThat(registry.get("courtyard.monitor.codes.unknown").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aMonitorThatStopsPublishingGoesOfflineAndComesBackWhenItPublishes() throws Exception {
        monitors(Map.of(), Duration.ofMillis(1500));
        monitors.online("monitor-1-1", new Connection("c", "mqtt-5", "10.0.0.9", false, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies(EventKind.DEVICE).stream()
                .anyMatch(b -> b.path("reason").asText().equals("silent")));
        publish("status", "{\"floor\":2}");
        monitors.offline("monitor-1-1", Departure.KEEP_ALIVE_TIMEOUT);
        assertThat(bodies(EventKind.DEVICE).stream()
                        .filter(b -> b.has("reason"))
                        .map(b -> b.path("state").asText() + ":"
                                + b.path("reason").asText()))
                .containsExactly(
                        "online:connected", "offline:silent", "online:publishing", "offline:keep-alive-timeout");
    }

    @Test
    void aMonitorNeverHeardOfIsReportedOnceAndAGatewayStopIsNoNews() throws Exception {
        monitors(Map.of(), Duration.ofMillis(1200));
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies(EventKind.DEVICE).stream()
                .anyMatch(b -> b.path("reason").asText().equals("never-connected")));
        monitors.online("monitor-1-1", new Connection("c", "mqtt-3.1.1", "10.0.0.9", true, true));
        monitors.offline("monitor-1-1", Departure.SERVER_STOPPING);
        Thread.sleep(1500);
        assertThat(bodies(EventKind.DEVICE).stream().map(b -> b.path("reason").asText()))
                .containsExactly("never-connected", "connected");
    }

    /** The monitor's clock is ten minutes slow: its status and fault times say so, its will does not count. */
    @Test
    void aMonitorWhoseClockIsOffIsReportedOnceAsADeviceEvent() throws Exception {
        monitors(Map.of(), Duration.ofMinutes(2));
        String slow = Instant.now().minus(Duration.ofMinutes(10)).toString();
        String now = Instant.now().toString();
        // A will is stamped when the monitor connected: never a sample of its clock.
        publish("status", "{\"ts\":\"" + slow + "\",\"floor\":1}", true);
        publish("status", "{\"ts\":\"" + slow + "\",\"floor\":1}", true);
        publish("status", "{\"ts\":\"" + now + "\",\"floor\":1}");
        publish("status", "{\"ts\":\"" + slow + "\",\"floor\":2}");
        publish("fault", "{\"ts\":\"" + slow + "\",\"code\":\"E35\",\"state\":\"cleared\"}");
        assertThat(clockEvents()).as("one sample is in sync").isEmpty();
        publish("status", "{\"ts\":\"" + slow + "\",\"floor\":3}");
        publish("status", "{\"ts\":\"" + slow + "\",\"floor\":4}");

        assertThat(clockEvents()).hasSize(1);
        JsonNode e = clockEvents().get(0);
        assertThat(e.get("clock").asText()).isEqualTo("skewed");
        assertThat(e.get("skewSeconds").asDouble()).isBetween(-605.0, -595.0);
        assertThat(e.get("limitSeconds").asInt()).isEqualTo(120);
        assertThat(journal.all().stream()
                        .filter(x -> x.body().contains("\"clock\""))
                        .map(JournalEvent::deviceId))
                .containsOnly("monitor-1-1");
        assertThat(registry.get("courtyard.device.clock.skew")
                        .tag("device", "monitor-1-1")
                        .gauge()
                        .value())
                .isBetween(-605.0, -595.0);
    }

    private List<JsonNode> clockEvents() {
        return bodies(EventKind.DEVICE).stream().filter(n -> n.has("clock")).toList();
    }
}
