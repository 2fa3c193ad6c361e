package io.courtyard.device.monitor;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.FaultCatalog.FaultTable;
import io.courtyard.config.MonitoringConfig;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.monitor.MonitorEvents.Car;
import io.courtyard.device.mqtt.Departure;
import io.courtyard.device.mqtt.DeviceMessages;
import io.courtyard.device.mqtt.Inbound;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elevator monitors as the device MQTT listener's other side: each configured monitor's messages
 * become journal events (status, fault reports, debounced faults, trapped-passenger alarms, trips,
 * presence). Its thread, {@code device-monitors}, times the debounces and checks for silent monitors
 * every second; messages are handled on the listener's event loops (decoding and appending only,
 * never waiting). Started before the listener, stopped after it.
 */
public final class Monitors implements Service, DeviceMessages {
    private static final Logger log = LoggerFactory.getLogger(Monitors.class);

    private final Map<String, ElevatorMonitor> monitors = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor timers;
    private final MonitorMetrics metrics;

    /**
     * @param events where the events go: the journal
     * @param cards the recent card presentations per elevator, fed by the decider seam
     * @param clocks where each monitor's time ({@code ts}) is compared with the gateway's
     */
    public Monitors(
            DevicesConfig devices,
            EventSink events,
            RecentCards cards,
            ClockSkew clocks,
            MeterRegistry registry,
            Clock clock) {
        MonitoringConfig config = devices.monitoring();
        timers = new ScheduledThreadPoolExecutor(1, Threads.named("device-monitors", true));
        // A cleared code cancels its debounce: drop the cancelled timers rather than let them pile up.
        timers.setRemoveOnCancelPolicy(true);
        metrics = new MonitorMetrics(() -> (int)
                monitors.values().stream().filter(m -> m.presence().online()).count());
        metrics.bindTo(registry);
        for (Monitor m : devices.monitors()) {
            Optional<Elevator> e = devices.elevators().stream()
                    .filter(x -> x.id().equals(m.elevator()))
                    .findFirst();
            FaultTable table = config.catalog().tables().get(m.faultTable());
            Car car = new Car(
                    m.id(),
                    m.elevator(),
                    e.map(Elevator::building).orElse(null),
                    e.map(Elevator::unit).orElse(null),
                    table.id(),
                    table.version());
            PayloadDecoder decoder = new PayloadDecoder(
                    m.fieldMap().map(f -> config.fieldMaps().get(f)).orElse(Map.of()));
            monitors.put(
                    m.id(), new ElevatorMonitor(car, decoder, cards, clocks, config, events, metrics, timers, clock));
        }
    }

    @Override
    public String name() {
        return "device-monitors";
    }

    @Override
    public void start() {
        timers.scheduleWithFixedDelay(() -> monitors.values().forEach(ElevatorMonitor::sweep), 1, 1, TimeUnit.SECONDS);
        log.info("{} elevator monitors: {}", monitors.size(), monitors.keySet());
    }

    @Override
    public void stop() throws InterruptedException {
        timers.shutdownNow();
        timers.awaitTermination(1, TimeUnit.SECONDS);
    }

    @Override
    public CompletableFuture<Handled> publish(Inbound message) {
        ElevatorMonitor m = monitors.get(message.device());
        if (m == null) {
            // The listener admits configured monitors only; anything else is a defect, not input.
            return CompletableFuture.failedFuture(new IllegalStateException("no monitor " + message.device()));
        }
        return m.publish(message);
    }

    @Override
    public void online(String device, Connection connection) {
        ElevatorMonitor m = monitors.get(device);
        if (m != null) {
            m.online(connection);
        }
    }

    @Override
    public void offline(String device, Departure departure) {
        ElevatorMonitor m = monitors.get(device);
        if (m != null) {
            m.offline(departure);
        }
    }

    /** Each configured monitor and whether it is online now, in configuration order. */
    public Map<String, Boolean> online() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        monitors.forEach((id, m) -> out.put(id, m.online()));
        return out;
    }
}
