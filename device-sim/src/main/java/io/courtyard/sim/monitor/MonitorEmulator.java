package io.courtyard.sim.monitor;

import io.courtyard.config.FaultCatalog;
import io.courtyard.config.FaultCatalog.FaultTable;
import io.courtyard.sim.mqtt.MqttDeviceClient;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An elevator monitor over MQTT, numbering its faults by one code table (the IoT terminals' or the
 * government platform's): it connects with a will, publishes its car's status on every change and
 * its faults as their codes, and plays what cars do — trips, door cycles, faults held past their
 * debounce or cleared within it (transients), trapped passengers, power loss, inspection mode,
 * going offline and coming back, and the malformed payloads of a buggy firmware. Each behaviour
 * completes when it is over; steps take {@code step} (shorten it for tests).
 */
public final class MonitorEmulator {
    private static final Logger log = LoggerFactory.getLogger(MonitorEmulator.class);

    private final String id;
    private final MqttDeviceClient.Options options;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final FaultTable table;
    private volatile Duration step;
    private final Clock clock;
    private final CarState car = new CarState();
    private volatile MqttDeviceClient client;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    /**
     * @param table the code table its firmware numbers faults by ({@code iot-terminal}, {@code gov-platform})
     * @param step the time one step of a behaviour takes (a floor travelled, a door moving)
     */
    public MonitorEmulator(
            String id,
            String username,
            String secret,
            String table,
            String host,
            int port,
            MqttVersion version,
            SslContext tls,
            EventLoopGroup group,
            Class<? extends SocketChannel> channelType,
            Duration step,
            Clock clock) {
        this.id = id;
        this.options = new MqttDeviceClient.Options(
                host,
                port,
                version,
                id,
                username,
                secret,
                30,
                tls,
                "devices/" + id + "/lwt",
                "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8));
        this.group = group;
        this.channelType = channelType;
        this.table = FaultCatalog.builtIn().tables().get(table);
        if (this.table == null) {
            throw new IllegalArgumentException("no built-in fault table " + table);
        }
        this.step = step;
        this.clock = clock;
    }

    /** From now on a behaviour's step (a floor travelled, a door moving) takes {@code step}: short for a fast-forwarded month. */
    public void step(Duration step) {
        this.step = step;
    }

    public String id() {
        return id;
    }

    public boolean connected() {
        MqttDeviceClient c = client;
        return c != null && c.isConnected();
    }

    /** Connects and publishes the car's status. */
    public CompletableFuture<Void> connect() {
        return MqttDeviceClient.connect(group, channelType, options).thenCompose(c -> {
            client = c;
            return status();
        });
    }

    /** The car's whole status, QoS 1; completes with the PUBACK. */
    public CompletableFuture<Void> status() {
        String json;
        synchronized (car) {
            json = car.json(clock.millis());
        }
        return publish("status", json);
    }

    /** The code this monitor's table gives {@code faultType}; fails for a type the table has no code for. */
    public String code(String faultType) {
        return table.codes().entrySet().stream()
                .filter(e -> e.getValue().equals(faultType))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(table.id() + " has no code for " + faultType));
    }

    public boolean hasCode(String faultType) {
        return table.codes().containsValue(faultType);
    }

    /** Raises {@code code} and keeps it raised until {@link #clear}: for a driver that times the hold itself. */
    public CompletableFuture<Void> raise(String code) {
        return publish("fault", "{\"code\":\"" + code + "\",\"state\":\"raised\",\"ts\":" + clock.millis() + "}");
    }

    /** Clears {@code code}. */
    public CompletableFuture<Void> clear(String code) {
        return publish("fault", "{\"code\":\"" + code + "\",\"state\":\"cleared\",\"ts\":" + clock.millis() + "}");
    }

    /** The car stops with passengers inside and its trapped code ({@code type}) is raised, until {@link #free}. */
    public CompletableFuture<Void> trap(String type) {
        return change(c -> {
                    c.running = false;
                    c.direction = "none";
                    c.speed = 0;
                    c.door = "closed";
                    c.passenger = true;
                })
                .thenCompose(v -> raise(code(type)));
    }

    /** The crew frees the passengers: the trapped code clears and the door opens. */
    public CompletableFuture<Void> free(String type) {
        return clear(code(type)).thenCompose(v -> doorCycle());
    }

    /** Raises {@code code}, holds it {@code hold}, clears it: held past its debounce a fault, within it a transient. */
    public CompletableFuture<Void> fault(String code, Duration hold) {
        return publish("fault", "{\"code\":\"" + code + "\",\"state\":\"raised\",\"ts\":" + clock.millis() + "}")
                .thenCompose(v -> after(hold))
                .thenCompose(v -> publish(
                        "fault", "{\"code\":\"" + code + "\",\"state\":\"cleared\",\"ts\":" + clock.millis() + "}"));
    }

    /** Closes its door, travels floor by floor to {@code to}, opens and closes its door: one trip, one door cycle. */
    public CompletableFuture<Void> ride(int to) {
        CompletableFuture<Void> f = change(c -> {
                    c.door = "closed";
                    c.passenger = true;
                })
                .thenCompose(v -> change(c -> {
                    c.running = true;
                    c.direction = to > c.floor ? "up" : to < c.floor ? "down" : "none";
                    c.speed = 1.5;
                    c.runCount++;
                }));
        int from;
        synchronized (car) {
            from = car.floor;
        }
        int dir = Integer.signum(to - from);
        for (int f2 = from + dir; dir != 0 && f2 != to + dir; f2 += dir) {
            int floor = f2;
            f = f.thenCompose(v -> after(step)).thenCompose(v -> change(c -> c.floor = floor));
        }
        return f.thenCompose(v -> change(c -> {
                    c.running = false;
                    c.direction = "none";
                    c.speed = 0;
                }))
                .thenCompose(v -> doorCycle());
    }

    /**
     * The same trip as {@link #ride}, its reports sent back to back without waiting for each PUBACK (a
     * firmware with a send window): done when the last is acknowledged. The reports carry the same times
     * as the clock reads while they go out, floors a moment apart; for a fast-forwarded month.
     */
    public CompletableFuture<Void> rideBurst(int to) {
        List<CompletableFuture<Void>> sent = new java.util.ArrayList<>();
        synchronized (car) {
            int from = car.floor;
            int dir = Integer.signum(to - from);
            sent.add(burst(c -> {
                c.door = "closed";
                c.passenger = true;
            }));
            sent.add(burst(c -> {
                c.running = true;
                c.direction = dir > 0 ? "up" : dir < 0 ? "down" : "none";
                c.speed = 1.5;
                c.runCount++;
            }));
            for (int f = from + dir; dir != 0 && f != to + dir; f += dir) {
                int floor = f;
                sent.add(burst(c -> c.floor = floor));
            }
            sent.add(burst(c -> {
                c.running = false;
                c.direction = "none";
                c.speed = 0;
            }));
            sent.add(burst(c -> {
                c.door = "open";
                c.doorCycles++;
                c.passenger = false;
            }));
            sent.add(burst(c -> c.door = "closed"));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /** One change sent at once; the caller holds the car's lock so the reports go out in order. */
    private CompletableFuture<Void> burst(java.util.function.Consumer<CarState> edit) {
        edit.accept(car);
        return publish("status", car.json(clock.millis()));
    }

    /** The door opens, stays open a step, closes. */
    public CompletableFuture<Void> doorCycle() {
        return change(c -> {
                    c.door = "open";
                    c.doorCycles++;
                    c.passenger = false;
                })
                .thenCompose(v -> after(step))
                .thenCompose(v -> change(c -> c.door = "closed"));
    }

    /**
     * Passengers trapped: the car stops (between floors, or at a floor with its door shut), the
     * trapped code is raised and held {@code until} a crew frees them, then cleared with the door open.
     */
    public CompletableFuture<Void> trapPassengers(boolean betweenFloors, Duration until) {
        String type =
                betweenFloors && hasCode("trapped-between-floors") ? "trapped-between-floors" : "trapped-at-floor";
        String code = code(type);
        return change(c -> {
                    c.running = false;
                    c.direction = "none";
                    c.speed = 0;
                    c.door = "closed";
                    c.passenger = true;
                })
                .thenCompose(v -> fault(code, until))
                .thenCompose(v -> doorCycle());
    }

    /** Mains fails: the monitor runs on its battery, reports the power failure, and mains returns after {@code outage}. */
    public CompletableFuture<Void> powerLoss(Duration outage) {
        String code = code("power-failure");
        return change(c -> c.power = "battery")
                .thenCompose(v -> fault(code, outage))
                .thenCompose(v -> change(c -> c.power = "mains"));
    }

    /**
     * A technician puts the car in inspection mode and back: the status says so, and a government
     * platform monitor also sends its service codes (43 inspection, 40 back to normal).
     */
    public CompletableFuture<Void> inspection(Duration length) {
        boolean codes = hasCode("inspection");
        CompletableFuture<Void> f = change(c -> c.mode = "inspection");
        if (codes) {
            f = f.thenCompose(v -> publish("fault", "{\"code\":\"" + code("inspection") + "\"}"));
        }
        f = f.thenCompose(v -> after(length)).thenCompose(v -> change(c -> c.mode = "normal"));
        if (codes) {
            f = f.thenCompose(v -> publish("fault", "{\"code\":\"" + code("back-to-normal") + "\"}"));
        }
        return f;
    }

    /** The monitor loses its connection without DISCONNECT (its will is published), stays away, reconnects. */
    public CompletableFuture<Void> offlineFor(Duration away) {
        MqttDeviceClient c = client;
        CompletableFuture<Void> dropped = c == null ? CompletableFuture.completedFuture(null) : c.drop();
        return dropped.thenCompose(v -> after(away)).thenCompose(v -> connect());
    }

    /** What a buggy firmware sends: not JSON, a floor in words, a fault without its code. Each is refused and journaled. */
    public CompletableFuture<Void> malformed() {
        return publish("status", "{floor: 3")
                .thenCompose(v -> publish("status", "{\"floor\":\"roof\"}"))
                .thenCompose(v -> publish("fault", "{\"state\":\"raised\"}"));
    }

    /** A code its table does not know: the gateway keeps it as an unknown fault. */
    public CompletableFuture<Void> unknownCode() {
        return fault("999", step);
    }

    /**
     * Subscribes to its commands ({@code devices/{id}/cmd/#}, QoS 1) as the firmware does once
     * connected: a {@code status} request is answered with the car's whole status. Completes with a
     * granted SUBACK.
     */
    public CompletableFuture<Void> answerCommands() {
        MqttDeviceClient c = client;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException(id + " is not connected"));
        }
        String prefix = "devices/" + id + "/cmd/";
        c.onMessage((topic, payload) -> {
            commands.add(topic.substring(Math.min(topic.length(), prefix.length())));
            if (topic.equals(prefix + "status")) {
                status();
            }
        });
        return c.subscribe(prefix + "#", 1).thenAccept(codes -> {
            if (codes.length != 1 || codes[0] > 1) {
                throw new IllegalStateException(id + ": subscription refused " + Arrays.toString(codes));
            }
        });
    }

    /** The subtopics of the commands the gateway sent it, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Disconnects cleanly (no will). */
    public CompletableFuture<Void> disconnect() {
        MqttDeviceClient c = client;
        return c == null || !c.isConnected() ? CompletableFuture.completedFuture(null) : c.disconnect();
    }

    private CompletableFuture<Void> change(java.util.function.Consumer<CarState> edit) {
        synchronized (car) {
            edit.accept(car);
        }
        return status();
    }

    private CompletableFuture<Void> publish(String subtopic, String payload) {
        MqttDeviceClient c = client;
        if (c == null || !c.isConnected()) {
            log.debug("{}: offline, {} not sent", id, subtopic);
            return CompletableFuture.completedFuture(null);
        }
        return c.publish("devices/" + id + "/" + subtopic, payload.getBytes(StandardCharsets.UTF_8), 1)
                .handle((reason, e) -> {
                    if (e != null) {
                        log.debug("{}: {} not acknowledged: {}", id, subtopic, e.toString());
                    } else if (reason != 0) {
                        log.info(
                                "{}: {} refused by the gateway with reason 0x{}",
                                id,
                                subtopic,
                                Integer.toHexString(reason));
                    }
                    return null;
                });
    }

    private CompletableFuture<Void> after(Duration d) {
        Executor later = CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> {}, later);
    }
}
