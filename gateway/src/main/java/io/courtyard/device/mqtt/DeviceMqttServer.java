package io.courtyard.device.mqtt;

import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.net.TcpListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-facing MQTT listener (MQTT 3.1.1 and 5, optionally TLS and mutual TLS) for the
 * compound's own devices: each logs in as itself, publishes under {@code devices/{id}/} and may
 * subscribe to {@code devices/{id}/cmd/}; the gateway can publish commands there. Not a broker:
 * no retained messages, nothing passed from one device to another.
 */
public final class DeviceMqttServer implements Service {
    private static final Logger log = LoggerFactory.getLogger(DeviceMqttServer.class);
    /** Two loops: decoding and PUBACKs are light, and the journal does the heavy part on its own thread. */
    private static final int THREADS = 2;

    private final Listener config;
    private final DeviceMqtt options;
    private final List<Monitor> devices;
    private final DeviceMessages messages;
    private final EventLoops loops;
    private final MeterRegistry registry;
    private final Clock clock;
    private DeviceMqttMetrics metrics;
    private Sessions sessions;
    private TcpListener listener;

    public DeviceMqttServer(
            Listener config,
            DeviceMqtt options,
            List<Monitor> devices,
            DeviceMessages messages,
            EventLoops loops,
            MeterRegistry registry,
            Clock clock) {
        this.config = config;
        this.options = options;
        this.devices = devices;
        this.messages = messages;
        this.loops = loops;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "device-mqtt";
    }

    @Override
    public void start() throws Exception {
        SslContext tls =
                options.tls().isPresent() ? MqttTls.server(options.tls().get()) : null;
        sessions = new Sessions(messages, this::publishWill, loops.worker(), System::nanoTime);
        metrics = new DeviceMqttMetrics(sessions::size);
        metrics.bindTo(registry);
        ListenerContext context = new ListenerContext(
                new DeviceDirectory(devices),
                new LoginThrottle(options.loginFailuresPerMinute(), System::nanoTime),
                sessions,
                messages,
                options,
                config.limits(),
                metrics,
                new Refusals(),
                clock);
        listener = new TcpListener(
                name(),
                config.bind(),
                config.port(),
                config.limits(),
                THREADS,
                loops,
                registry,
                new MqttProtocol(context),
                tls);
        listener.start();
        log.info(
                "device MQTT: {} devices may log in; {}; {} QoS 1 in flight, {} publishes/s (burst {}) per connection",
                devices.size(),
                options.tls()
                        .map(t -> "TLS, client certificates "
                                + t.clientCertificates().name().toLowerCase(java.util.Locale.ROOT))
                        .orElse("plain TCP"),
                options.receiveMaximum(),
                options.messagesPerSecond(),
                options.messageBurst());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return listener.port();
    }

    /**
     * Publishes {@code payload} to {@code devices/{device}/cmd/{command}} on every connection of the
     * device that subscribed to it; completes with how many acknowledged it (0: offline or not subscribed).
     */
    public CompletableFuture<Integer> command(String device, String command, String payload, int qos) {
        String topic = TopicAcl.ROOT + device + "/cmd/" + command;
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        List<SessionHandler> live = sessions.of(device);
        if (live.isEmpty()) {
            metrics.command("offline");
            return CompletableFuture.completedFuture(0);
        }
        List<CompletableFuture<Boolean>> sent =
                live.stream().map(h -> h.send(topic, bytes, Math.min(1, qos))).toList();
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0]))
                .handle((v, e) -> {
                    int n = (int) sent.stream()
                            .filter(f -> !f.isCompletedExceptionally() && Boolean.TRUE.equals(f.join()))
                            .count();
                    metrics.command(e != null ? "failed" : n > 0 ? "delivered" : "not-subscribed");
                    return n;
                });
    }

    private void publishWill(Session s) {
        metrics.will();
        Will w = s.will();
        messages.publish(new Inbound(s.device(), w.subtopic(), w.payload(), w.qos(), true, clock.instant()))
                .whenComplete((h, e) -> {
                    if (e != null) {
                        log.error("device-mqtt: will of {} not journaled: {}", s.device(), e.toString());
                    }
                });
    }

    @Override
    public void stop() throws InterruptedException {
        if (sessions != null) {
            // MQTT 5 devices hear why (0x8B) before the listener closes every connection.
            sessions.all().forEach(SessionHandler::shutdown);
        }
        if (listener != null) {
            listener.stop();
        }
    }
}
