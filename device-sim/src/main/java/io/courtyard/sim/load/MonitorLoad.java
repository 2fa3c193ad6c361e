package io.courtyard.sim.load;

import io.courtyard.sim.Transport;
import io.courtyard.sim.mqtt.MqttDeviceClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many monitors publishing QoS 1 statuses to the gateway's device listener as fast as their in-flight
 * windows allow; each publish is timed to its PUBACK, which the gateway sends only once the status is
 * durable in the journal. After a warm-up, several measuring windows, each reported with the
 * machine's load average; the median window is the result.
 */
final class MonitorLoad {
    /** What to run. */
    record Plan(
            int devices,
            int window,
            Duration warmUp,
            Duration measure,
            int runs,
            int gatewayThreads,
            int clientThreads) {}

    /**
     * One measuring window.
     *
     * @param gatewayCpu CPU of the gateway's threads (listener loops, journal writer, monitors' timer)
     * @param processCpu CPU of the whole process, the emulated devices included
     */
    record Window(
            long acknowledged,
            Duration length,
            Histogram latency,
            String loadAverage,
            Duration gatewayCpu,
            Duration processCpu) {
        double perSecond() {
            return acknowledged / (length.toNanos() / 1e9);
        }

        /** Microseconds of gateway CPU per acknowledged publish. */
        double gatewayMicros() {
            return acknowledged == 0 ? 0 : gatewayCpu.toNanos() / 1e3 / acknowledged;
        }

        double processMicros() {
            return acknowledged == 0 ? 0 : processCpu.toNanos() / 1e3 / acknowledged;
        }
    }

    /** The gateway's threads in this harness: the listener's loops, the journal writer, the monitors' timer. */
    static final String[] GATEWAY_THREADS = {"netty-device-mqtt", "journal-writer", "device-monitors"};

    /** The whole run. */
    record Result(Plan plan, List<Window> windows, long refused, long journaled, long acknowledgedTotal) {
        Window median() {
            List<Window> sorted = new ArrayList<>(windows);
            sorted.sort(Comparator.comparingDouble(Window::perSecond));
            return sorted.get(sorted.size() / 2);
        }
    }

    private final Plan plan;
    private final Recorder latency = new Recorder(3);
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;

    MonitorLoad(Plan plan) {
        this.plan = plan;
    }

    Result run() throws Exception {
        Path state = Files.createTempDirectory("courtyard-monitor-load");
        EventLoopGroup clients = Transport.group(plan.clientThreads(), "load-client");
        Class<? extends SocketChannel> type = Transport.socket(clients);
        try (MonitorLoadGateway gateway = new MonitorLoadGateway(
                state, plan.devices(), plan.window(), plan.gatewayThreads(), new SimpleMeterRegistry())) {
            List<MqttDeviceClient> devices = connect(gateway.port(), clients, type);
            for (int i = 0; i < devices.size(); i++) {
                Device d = new Device(devices.get(i), MonitorLoadGateway.id(i));
                for (int w = 0; w < plan.window(); w++) {
                    d.next();
                }
            }
            Thread.sleep(plan.warmUp().toMillis());
            List<Window> windows = new ArrayList<>();
            for (int r = 0; r < plan.runs(); r++) {
                windows.add(window());
            }
            running = false;
            Thread.sleep(500);
            long journaled = gateway.lastDurableSeq();
            for (MqttDeviceClient c : devices) {
                c.disconnect().get(5, TimeUnit.SECONDS);
            }
            return new Result(plan, windows, refused.get(), journaled, acked.get());
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            deleteTree(state);
        }
    }

    private Window window() throws InterruptedException {
        latency.reset();
        CpuClock cpu = CpuClock.start(GATEWAY_THREADS);
        long a0 = acked.get();
        long t0 = System.nanoTime();
        Thread.sleep(plan.measure().toMillis());
        long a1 = acked.get();
        long t1 = System.nanoTime();
        CpuClock.Reading used = cpu.read();
        Histogram h = latency.getIntervalHistogram();
        return new Window(a1 - a0, Duration.ofNanos(t1 - t0), h, loadAverage(), used.threadsCpu(), used.processCpu());
    }

    private List<MqttDeviceClient> connect(int port, EventLoopGroup group, Class<? extends SocketChannel> type)
            throws Exception {
        List<CompletableFuture<MqttDeviceClient>> pending = new ArrayList<>();
        for (int i = 0; i < plan.devices(); i++) {
            String id = MonitorLoadGateway.id(i);
            // Half the fleet on each protocol version, as a mixed compound would be.
            MqttVersion v = i % 2 == 0 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
            pending.add(MqttDeviceClient.connect(
                    group,
                    type,
                    new MqttDeviceClient.Options(
                            "127.0.0.1", port, v, id, id, MonitorLoadGateway.SECRET, 60, null, null, null)));
        }
        List<MqttDeviceClient> out = new ArrayList<>();
        for (CompletableFuture<MqttDeviceClient> f : pending) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    /** One device keeping its window full: each PUBACK sends the next status. */
    private final class Device {
        private final MqttDeviceClient client;
        private final String topic;
        private long runCount;

        Device(MqttDeviceClient client, String id) {
            this.client = client;
            this.topic = "devices/" + id + "/status";
        }

        void next() {
            if (!running) {
                return;
            }
            long n = runCount++;
            byte[] payload = ("{\"running\":\"" + (n % 16 < 8 ? "stopped" : "running") + "\",\"floor\":"
                            + (n / 16 % 18 + 1)
                            + ",\"direction\":\"up\",\"door\":\"closed\",\"passenger\":true,\"power\":\"mains\","
                            + "\"mode\":\"normal\",\"speed\":1.5,\"runCount\":" + n + ",\"doorCycles\":" + (n / 2)
                            + "}")
                    .getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            client.publish(topic, payload, 1).whenComplete((reason, e) -> {
                if (e != null) {
                    return;
                }
                if (reason == 0) {
                    latency.recordValue(System.nanoTime() - t0);
                    acked.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
                next();
            });
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
