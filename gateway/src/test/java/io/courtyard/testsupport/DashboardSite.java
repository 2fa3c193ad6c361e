package io.courtyard.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.FaultTypes;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.PassengerAlarm;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.ops.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A running gateway of the demo compound (free ports, uplink unreachable) with journal data for the
 * dashboard: October 2026 rides of elevator-1-1 that its bill is computed from, a passenger
 * trapped ten minutes ago (rescue clock running), a forced gate, and today's decisions at a gate
 * and a barrier ({@link #TODAY}) besides older ones that today's figures must leave out. The demo's
 * logins: {@link #ADMIN}, {@link #CREW}, {@link #COMMITTEE}.
 */
public final class DashboardSite implements AutoCloseable {
    public static final Login ADMIN = new Login("admin", "demo-admin-2026");
    public static final Login CREW = new Login("li.wei", "demo-crew-2026");
    public static final Login COMMITTEE = new Login("wang.fang", "demo-committee-2026");
    public static final String MONTH = "2026-10";
    public static final String ELEVATOR = "elevator-1-1";

    /**
     * The seeded rides: household, destination floor, how many, the October day and hour (site time).
     * 12 rides in all; 1-1-301 is the busiest household, 08:00 the peak hour.
     */
    public static final List<Rides> RIDES = List.of(
            new Rides("1-1-301", 3, 5, 3, 8),
            new Rides("1-1-702", 7, 3, 3, 18),
            new Rides("1-1-401", 4, 2, 4, 8),
            new Rides("1-1-601", 6, 2, 5, 12));

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One client, so its kept-alive connection is reused: the listener admits 16 per address. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Today's decisions (site time): device, grants, denials. Two days ago north-gate also granted 5. */
    public static final List<Traffic> TODAY = List.of(new Traffic("north-gate", 3, 1), new Traffic("east-entry", 2, 0));

    public record Traffic(String device, int grants, int denials) {}

    public record Login(String user, String password) {}

    public record Rides(String household, int floor, int count, int day, int hour) {}

    private final Gateway gateway;
    private final Path state;

    private DashboardSite(Gateway gateway, Path state) {
        this.gateway = gateway;
        this.state = state;
    }

    public static DashboardSite start(Path dir) throws Exception {
        String unreachable = "tcp://127.0.0.1:" + Mosquitto.freePort();
        GatewayConfig config = ConfigLoader.load(ProjectFiles.demoConfigOnFreePorts(dir, unreachable))
                .withStateDir(dir.resolve("state"));
        Gateway g = new Gateway(config);
        g.start();
        DashboardSite site = new DashboardSite(g, dir.resolve("state"));
        try {
            site.seed();
        } catch (Exception | AssertionError e) {
            g.stop();
            throw e;
        }
        return site;
    }

    private void seed() throws Exception {
        for (Rides r : RIDES) {
            // Asia/Shanghai is UTC+8 all year.
            Instant at = Instant.parse(
                    String.format(java.util.Locale.ROOT, "2026-10-%02dT%02d:10:00Z", r.day(), r.hour() - 8));
            for (int i = 0; i < r.count(); i++) {
                Instant t = at.plusSeconds(i * 60L);
                append(
                        ELEVATOR,
                        t,
                        new RideRecorded(
                                ELEVATOR,
                                "1",
                                "1",
                                "card",
                                null,
                                null,
                                null,
                                "resident",
                                r.household(),
                                1,
                                false,
                                r.floor(),
                                null,
                                t,
                                "granted",
                                1));
            }
        }
        Instant now = Instant.now();
        append(
                "monitor-1-1",
                now.minus(Duration.ofMinutes(10)),
                new PassengerAlarm(
                        FaultTypes.TRAPPED,
                        AlarmState.RAISED,
                        ELEVATOR,
                        "1",
                        "1",
                        "trapped-at-floor",
                        "E07",
                        "iot-terminal",
                        now.minus(Duration.ofMinutes(10)),
                        null,
                        null,
                        null,
                        null));
        append(
                "north-gate",
                now,
                new DoorAlarm(
                        DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.RAISED, "north-gate", "North gate", now, null));
        for (Traffic t : TODAY) {
            for (int i = 0; i < t.grants() + t.denials(); i++) {
                append(t.device(), now.minusSeconds(i), decision(i < t.grants()));
            }
        }
        for (int i = 0; i < 5; i++) {
            append("north-gate", now.minus(Duration.ofDays(2)), decision(true));
        }
        String token = localToken();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode open = JSON.readTree(get("/api/faults?open=true", token));
                    JsonNode usage = JSON.readTree(get("/api/usage?month=" + MONTH + "&elevator=" + ELEVATOR, token));
                    // Besides these, every OSDP device is offline (no serial servers here): faults of their own.
                    org.assertj.core.api.Assertions.assertThat(open.toString())
                            .contains("\"type\":\"trapped-passenger\"")
                            .contains("\"type\":\"door-forced-open\"");
                    org.assertj.core.api.Assertions.assertThat(
                                    usage.get("elevators").get(0).get("rides").asLong())
                            .as(usage.toString())
                            .isEqualTo(totalRides());
                    JsonNode traffic =
                            JSON.readTree(get("/api/overview", token)).get("traffic");
                    org.assertj.core.api.Assertions.assertThat(
                                    traffic.get("grants").asLong()
                                            + traffic.get("denials").asLong())
                            .as(traffic.toString())
                            .isEqualTo(TODAY.stream()
                                    .mapToLong(t -> t.grants() + t.denials())
                                    .sum());
                });
    }

    private static AccessDecided decision(boolean grant) {
        return new AccessDecided(
                grant ? AccessDecided.Decision.GRANT : AccessDecided.Decision.DENY,
                grant ? "granted" : "unknown-credential",
                "entry",
                "card",
                "card:h10301/****67",
                null,
                null,
                null,
                null,
                null,
                null,
                1,
                null,
                null);
    }

    public static long totalRides() {
        return RIDES.stream().mapToLong(Rides::count).sum();
    }

    private void append(String device, Instant at, io.courtyard.journal.event.Event e) throws Exception {
        gateway.journal().append(new EventDraft(device, at, at, e)).get(10, TimeUnit.SECONDS);
    }

    private String get(String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** The command line's token of this gateway (loopback only). */
    public String localToken() throws Exception {
        return io.courtyard.http.auth.LocalToken.read(state);
    }

    public String base() {
        return "http://127.0.0.1:" + gateway.http().orElseThrow().port();
    }

    public Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.stop();
    }
}
