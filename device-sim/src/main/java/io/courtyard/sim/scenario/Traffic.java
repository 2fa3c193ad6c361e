package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.mqtt.MqttDeviceClient;
import io.courtyard.sim.osdp.EmulatedPd;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic from two kinds of device at once, each recording what the gateway acknowledged
 * the way that device sees it: a card read at a gate (a new card each time) is acknowledged when
 * the reader is driven for it (LED command after the read); a monitor status when its PUBACK
 * arrives with reason 0. Each status carries a device time of its own (a millisecond apart), so
 * the journal's {@code ts} names it.
 */
final class Traffic implements AutoCloseable {
    /** A card read the reader was driven for, and when the simulator saw it. */
    record Acted(long card, Instant at) {}

    private final Site site;
    private final Compound compound;
    private final Gate gate;
    private final long firstCard;
    private final int cards;
    private final EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("scenario-traffic", true));
    private final List<Acted> acted = new CopyOnWriteArrayList<>();
    private final List<Instant> pubacked = new CopyOnWriteArrayList<>();
    private final AtomicLong deviceMillis = new AtomicLong(System.currentTimeMillis());
    private final MqttDeviceClient.Options monitor;
    private volatile boolean running = true;
    private volatile long presented;
    private Thread cardThread;
    private Thread monitorThread;

    Traffic(Site site, long firstCard, int cards) {
        this.site = site;
        this.compound = new Compound(site);
        this.gate = compound.gate();
        this.firstCard = firstCard;
        this.cards = cards;
        List<Monitor> monitors = site.config().devices().monitors();
        if (monitors.isEmpty() || !site.config().listeners().deviceMqtt().enabled()) {
            monitor = null;
        } else {
            Monitor m = monitors.get(0);
            monitor = new MqttDeviceClient.Options(
                    "127.0.0.1",
                    site.config().listeners().deviceMqtt().port(),
                    MqttVersion.MQTT_5,
                    m.id(),
                    m.username(),
                    m.secret().reveal(),
                    30,
                    null,
                    "devices/" + m.id() + "/lwt",
                    "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Starts presenting cards every {@code every} and, with a monitor configured, publishing statuses. */
    Traffic start(Duration every) {
        cardThread = Threads.named("scenario-cards", true).newThread(() -> cards(every));
        cardThread.start();
        if (monitor != null) {
            monitorThread = Threads.named("scenario-monitor", true).newThread(() -> statuses(every));
            monitorThread.start();
        }
        return this;
    }

    private void cards(Duration every) {
        EmulatedPd reader = site.osdp().pd(gate.reader().bus(), gate.reader().address());
        while (running && presented < cards) {
            long card = firstCard + presented;
            presented = presented + 1;
            int leds = reader.ledHistory().size();
            compound.present(gate.id(), card);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (reader.ledHistory().size() == leds && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(5));
            }
            if (reader.ledHistory().size() > leds) {
                acted.add(new Acted(card, Instant.now()));
            }
            sleep(every);
        }
    }

    /**
     * A monitor's status readings, each with a device time of its own, published QoS 1 on its own
     * client: only a PUBACK with reason 0 counts as acknowledged (the emulator's convenience calls
     * complete quietly when offline, which would count a status never sent).
     */
    private void statuses(Duration every) {
        MqttDeviceClient client = null;
        while (running) {
            try {
                if (client == null || !client.isConnected()) {
                    client = MqttDeviceClient.connect(group, NioSocketChannel.class, monitor)
                            .get(5, TimeUnit.SECONDS);
                }
                long ms = deviceMillis.incrementAndGet();
                String status = "{\"ts\":" + ms + ",\"running\":\"stopped\",\"direction\":\"none\",\"floor\":1,"
                        + "\"door\":\"closed\",\"passenger\":false,\"power\":\"mains\",\"mode\":\"normal\"}";
                int reason = client.publish(
                                "devices/" + monitor.clientId() + "/status", status.getBytes(StandardCharsets.UTF_8), 1)
                        .get(5, TimeUnit.SECONDS);
                if (reason == 0) {
                    pubacked.add(Instant.ofEpochMilli(ms));
                }
            } catch (Exception e) {
                // The gateway is down (killed, restarting): the firmware retries on its next reading.
            }
            sleep(every);
        }
        if (client != null) {
            client.disconnect();
        }
    }

    /** Card reads the reader was driven for. */
    List<Acted> acted() {
        return List.copyOf(acted);
    }

    /** Device times of the statuses the gateway PUBACKed. */
    List<Instant> pubacked() {
        return List.copyOf(pubacked);
    }

    long presented() {
        return presented;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops both streams and waits for them. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (cardThread != null) {
            cardThread.join(10_000);
        }
        if (monitorThread != null) {
            monitorThread.join(10_000);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
