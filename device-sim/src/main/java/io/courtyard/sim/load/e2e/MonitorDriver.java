package io.courtyard.sim.load.e2e;

import io.courtyard.sim.Transport;
import io.courtyard.sim.mqtt.MqttDeviceClient;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Elevator monitors on the gateway's device MQTT listener, half MQTT 5 and half 3.1.1, publishing
 * QoS 1 statuses with at most {@code window} in flight each. Publish-to-PUBACK is timed at the
 * device; the gateway sends the PUBACK only once the status is durable in its journal.
 */
final class MonitorDriver implements AutoCloseable {
    private final EventLoopGroup group = Transport.group(1, "load-monitors");
    private final List<Monitor> monitors = new ArrayList<>();
    private final int window;
    private final Latency latency = new Latency("publish → PUBACK");
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private int next;

    MonitorDriver(int port, int count, int window) throws Exception {
        this.window = window;
        List<CompletableFuture<MqttDeviceClient>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = E2eSite.monitorId(i);
            MqttVersion v = i % 2 == 0 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
            pending.add(MqttDeviceClient.connect(
                    group,
                    Transport.socket(group),
                    new MqttDeviceClient.Options(
                            "127.0.0.1", port, v, id, id, E2eSite.MONITOR_SECRET, 60, null, null, null)));
        }
        for (int i = 0; i < count; i++) {
            monitors.add(new Monitor(E2eSite.monitorId(i), pending.get(i).get(30, TimeUnit.SECONDS)));
        }
    }

    /** Publishes the next status from a monitor with room in its window; false when all are full. */
    boolean offer() {
        int n = monitors.size();
        for (int i = 0; i < n; i++) {
            Monitor m = monitors.get(next);
            next = (next + 1) % n;
            if (m.inFlight.incrementAndGet() <= window) {
                m.publish();
                return true;
            }
            m.inFlight.decrementAndGet();
        }
        return false;
    }

    int pending() {
        return monitors.stream().mapToInt(m -> m.inFlight.get()).sum();
    }

    Latency latency() {
        return latency;
    }

    long offered() {
        return offered.get();
    }

    long completed() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        for (Monitor m : monitors) {
            try {
                m.client.disconnect().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Closing the group below closes whatever did not disconnect in time.
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One monitor: a car going up and down, a status per publish. */
    private final class Monitor {
        final String topic;
        final MqttDeviceClient client;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong runCount = new AtomicLong();

        Monitor(String id, MqttDeviceClient client) {
            this.topic = "devices/" + id + "/status";
            this.client = client;
        }

        void publish() {
            long n = runCount.getAndIncrement();
            byte[] payload = ("{\"running\":\"" + (n % 16 < 8 ? "stopped" : "running") + "\",\"floor\":"
                            + (n / 16 % 3 + 1)
                            + ",\"direction\":\"up\",\"door\":\"closed\",\"passenger\":true,\"power\":\"mains\","
                            + "\"mode\":\"normal\",\"speed\":1.5,\"runCount\":" + n + ",\"doorCycles\":" + (n / 2)
                            + "}")
                    .getBytes(StandardCharsets.UTF_8);
            offered.incrementAndGet();
            long t0 = System.nanoTime();
            client.publish(topic, payload, 1).whenComplete((reason, e) -> {
                latency.record(System.nanoTime() - t0);
                if (e == null && reason == 0) {
                    acked.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.decrementAndGet();
            });
        }
    }
}
