package io.courtyard.sim.monitor;

import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.Threads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compound's elevator monitors, one emulator per {@code monitors} entry of a configuration, each
 * with its secret and code table, connected to the gateway's device MQTT listener (MQTT 5 and
 * 3.1.1 alternately, as a mixed fleet would be).
 */
public final class MonitorSim implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonitorSim.class);

    private final EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("sim-monitors", true));
    private final Map<String, MonitorEmulator> byElevator = new LinkedHashMap<>();

    private MonitorSim() {}

    /** Emulators for every monitor of {@code config}, connecting to {@code host:port}. */
    public static MonitorSim of(GatewayConfig config, String host, int port, Duration step) {
        return of(config, host, port, step, Clock.systemUTC());
    }

    /** As {@link #of(GatewayConfig, String, int, Duration)}, the monitors' own clocks reading {@code clock} (a simulated month). */
    public static MonitorSim of(GatewayConfig config, String host, int port, Duration step, Clock clock) {
        MonitorSim sim = new MonitorSim();
        int i = 0;
        for (Monitor m : config.devices().monitors()) {
            MqttVersion v = i++ % 2 == 0 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
            sim.byElevator.put(
                    m.elevator(),
                    new MonitorEmulator(
                            m.id(),
                            m.username(),
                            m.secret().reveal(),
                            m.faultTable(),
                            host,
                            port,
                            v,
                            null,
                            sim.group,
                            NioSocketChannel.class,
                            step,
                            clock));
        }
        return sim;
    }

    /** Connects every emulator; one that cannot connect is logged and left offline. */
    public MonitorSim connectAll() {
        for (MonitorEmulator e : byElevator.values()) {
            try {
                e.connect().get(10, TimeUnit.SECONDS);
                log.info("monitor {} connected", e.id());
            } catch (Exception ex) {
                log.warn("monitor {} could not connect: {}", e.id(), ex.toString());
            }
        }
        return this;
    }

    /** Every emulator publishes its status every {@code period}, as monitor firmwares do between changes. */
    public MonitorSim heartbeat(Duration period) {
        group.scheduleAtFixedRate(
                () -> byElevator.values().stream()
                        .filter(MonitorEmulator::connected)
                        .forEach(MonitorEmulator::status),
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Every emulator's behaviours step at {@code step} from now on. */
    public MonitorSim step(Duration step) {
        byElevator.values().forEach(e -> e.step(step));
        return this;
    }

    /** The emulator watching {@code elevator}. */
    public Optional<MonitorEmulator> of(String elevator) {
        return Optional.ofNullable(byElevator.get(elevator));
    }

    @Override
    public void close() {
        CompletableFuture.allOf(byElevator.values().stream()
                        .map(MonitorEmulator::disconnect)
                        .toArray(CompletableFuture[]::new))
                .orTimeout(2, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
