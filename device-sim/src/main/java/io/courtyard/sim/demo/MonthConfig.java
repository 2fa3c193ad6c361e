package io.courtyard.sim.demo;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.MonitoringConfig;
import java.time.Duration;
import java.util.List;

/**
 * The demo configuration as the month runs it. Two changes: monitors count as silent only after 6 h
 * (the most the configuration allows) instead of minutes: a simulated month jumps from one busy stretch
 * to the next, its monitors report at every trip and once an hour through a quiet night, not every 30 s
 * of simulated time as a real firmware would, and must not be taken for offline. And the OSDP buses are
 * polled every 20 ms (the fastest the configuration allows) instead of 50: a card read waits for its
 * reader's next poll, and a month has thousands.
 */
final class MonthConfig {
    static final Duration SILENCE = Duration.ofHours(6);
    static final Duration POLL = Duration.ofMillis(20);

    private MonthConfig() {}

    static GatewayConfig forMonth(GatewayConfig c) {
        DevicesConfig d = c.devices();
        MonitoringConfig m = d.monitoring();
        MonitoringConfig quiet =
                new MonitoringConfig(SILENCE, m.recentCards(), m.debounce(), m.catalog(), m.fieldMaps());
        List<OsdpBus> buses = d.osdpBuses().stream()
                .map(b -> new OsdpBus(
                        b.id(), b.host(), b.port(), POLL, b.replyTimeout(), b.offlineAfterMissed(), b.devices()))
                .toList();
        DevicesConfig devices =
                new DevicesConfig(buses, d.gates(), d.elevators(), d.parkingZones(), d.barriers(), d.monitors(), quiet);
        return new GatewayConfig(
                c.source(),
                c.site(),
                c.state(),
                c.listeners(),
                c.upstream(),
                c.journal(),
                devices,
                c.acl(),
                c.access(),
                c.billing(),
                c.faults(),
                c.operators());
    }
}
