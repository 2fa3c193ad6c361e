package io.courtyard.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.FaultCatalog;
import io.courtyard.config.ListenersConfig;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.config.MonitoringConfig;
import io.courtyard.config.Secret;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.monitor.Monitors;
import io.courtyard.device.monitor.RecentCards;
import io.courtyard.device.mqtt.DeviceMqttServer;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.net.ListenerLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The device MQTT listener as the gateway assembles it — a real journal on SQLite, the elevator
 * monitors, the listener on a free loopback port — for tests that connect real clients. Monitors
 * {@code monitor-1} (elevator {@code elevator-1}, table iot-terminal) and {@code monitor-2}
 * ({@code elevator-2}, gov-platform), secrets {@code secret-<id>}.
 */
public final class DeviceMqttRig implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as the journal holds it. */
    public record Stored(long seq, String kind, String device, JsonNode body) {}

    private final TestJournal journal;
    private final EventLoops loops;
    private final RecentCards cards;
    private final Monitors monitors;
    private final DeviceMqttServer server;

    private DeviceMqttRig(
            Path dir, DeviceMqtt options, MonitoringConfig monitoring, ListenerLimits limits, String... sinks)
            throws Exception {
        journal = TestJournal.open(dir, sinks);
        loops = new EventLoops(2, journal.registry());
        loops.start();
        List<Monitor> ms = List.of(
                new Monitor("monitor-1", "elevator-1", "monitor-1", new Secret("secret-monitor-1")),
                new Monitor(
                        "monitor-2",
                        "elevator-2",
                        "monitor-2",
                        new Secret("secret-monitor-2"),
                        "gov-platform",
                        Optional.empty()));
        DevicesConfig devices = new DevicesConfig(
                List.of(),
                List.of(),
                List.of(elevator("elevator-1"), elevator("elevator-2")),
                List.of(),
                List.of(),
                ms,
                monitoring);
        cards = new RecentCards(List.of("elevator-1", "elevator-2"));
        monitors = new Monitors(
                devices,
                journal.journal()::append,
                cards,
                new ClockSkew(Duration.ofMinutes(2), journal.registry(), journal.journal()::append),
                journal.registry(),
                Clock.systemUTC());
        monitors.start();
        server = new DeviceMqttServer(
                new ListenersConfig.Listener(true, "127.0.0.1", 0, limits),
                options,
                ms,
                monitors,
                loops,
                journal.registry(),
                Clock.systemUTC());
        server.start();
    }

    /** Default options, the given debounces (by fault type) on top of the built-in catalog. */
    public static DeviceMqttRig start(Path dir, DeviceMqtt options, Map<String, Duration> debounce, String... sinks)
            throws Exception {
        return start(dir, options, monitoring(debounce, Duration.ofMinutes(2)), limits(256 << 10), sinks);
    }

    public static DeviceMqttRig start(
            Path dir, DeviceMqtt options, MonitoringConfig monitoring, ListenerLimits limits, String... sinks)
            throws Exception {
        return new DeviceMqttRig(dir, options, monitoring, limits, sinks);
    }

    public static MonitoringConfig monitoring(Map<String, Duration> debounce, Duration silence) {
        return new MonitoringConfig(silence, Duration.ofMinutes(5), debounce, FaultCatalog.builtIn(), Map.of());
    }

    public static ListenerLimits limits(int maxMessageBytes) {
        return new ListenerLimits(64, 64, Duration.ZERO, Duration.ofSeconds(5), maxMessageBytes);
    }

    private static Elevator elevator(String id) {
        return new Elevator(
                id,
                "1",
                id.substring(id.length() - 1),
                new PdRef("bus", 1),
                new PdRef("bus", 2),
                Map.of(1, 0, 7, 6),
                Map.of(),
                List.of(1),
                Duration.ofSeconds(10),
                true);
    }

    public int port() {
        return server.port();
    }

    public DeviceMqttServer server() {
        return server;
    }

    public RecentCards cards() {
        return cards;
    }

    public TestJournal journal() {
        return journal;
    }

    /** Every event in the journal, in sequence order. */
    public List<Stored> events() {
        List<Stored> out = new ArrayList<>();
        try (Connection c = journal.database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq, kind, device, body FROM events ORDER BY seq")) {
            while (rs.next()) {
                out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), JSON.readTree(rs.getString(4))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public List<Stored> events(Predicate<Stored> filter) {
        return events().stream().filter(filter).toList();
    }

    /** Events of {@code kind} whose body has {@code field} = {@code value}. */
    public static Predicate<Stored> where(String kind, String field, String value) {
        return e -> e.kind().equals(kind) && value.equals(e.body().path(field).asText(null));
    }

    /** The listener's refusal count for {@code reason} (0 when none yet). */
    public double refused(String reason) {
        var c = journal.registry()
                .find("courtyard_listener_messages_refused")
                .tag("listener", "device-mqtt")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        monitors.stop();
        loops.stop();
        journal.close();
    }
}
