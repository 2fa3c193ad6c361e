package io.courtyard.device.osdp.bus;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.device.osdp.OsdpCodecMetrics;
import io.courtyard.device.osdp.SecureSessions;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What one bus's successive connections share: its PDs and their state, its settings, listener and
 * meters. Confined to the bus's event loop, except {@link Peripheral#online()}.
 */
final class BusContext {
    final OsdpBus config;
    final PollerOptions options;
    final OsdpListener listener;
    final BusMetrics metrics;
    final OsdpCodecMetrics codecMetrics;
    final Clock clock;
    final SecureRandom random;
    final long pollIntervalNanos;
    final long replyTimeoutNanos;
    final long offlineProbeNanos;
    private final List<Peripheral> peripherals = new ArrayList<>();
    private final Peripheral[] byAddress = new Peripheral[128];
    private SecureSessions sessions = new SecureSessions();
    private BusPoller poller;
    private Runnable onFirstReply = () -> {};

    BusContext(
            OsdpBus config,
            PollerOptions options,
            OsdpListener listener,
            MeterRegistry registry,
            Clock clock,
            SecureRandom random) {
        this.config = config;
        this.options = options;
        this.listener = listener;
        this.clock = clock;
        this.random = random;
        this.pollIntervalNanos = config.pollInterval().toNanos();
        this.replyTimeoutNanos = config.replyTimeout().toNanos();
        this.offlineProbeNanos = options.offlineProbe().toNanos();
        this.metrics = new BusMetrics(registry, config.id(), this::onlineCount);
        this.codecMetrics = new OsdpCodecMetrics(registry, config.id());
        for (OsdpDevice d : config.devices()) {
            Peripheral p = new Peripheral(new Pd(d.id(), config.id(), d.address()), d, this);
            peripherals.add(p);
            byAddress[d.address()] = p;
        }
    }

    List<Peripheral> peripherals() {
        return peripherals;
    }

    Peripheral peripheral(int address) {
        return address >= 0 && address < byAddress.length ? byAddress[address] : null;
    }

    /** A new connection starts without Secure Channel sessions; its codec and the PDs share these. */
    SecureSessions newConnection() {
        sessions = new SecureSessions();
        return sessions;
    }

    SecureSessions sessions() {
        return sessions;
    }

    void poller(BusPoller current) {
        poller = current;
    }

    /** A command was queued or a PD became due: let the current connection's poller look. */
    void pump() {
        if (poller != null) {
            poller.pump();
        }
    }

    void onFirstReply(Runnable action) {
        onFirstReply = action;
    }

    void firstReply() {
        onFirstReply.run();
    }

    void connectionLost(String reason) {
        // The close future fires before channelInactive: stop the old poller's timers first, or a
        // reply timeout could land on a PD that has just been reset.
        if (poller != null) {
            poller.abandon();
            poller = null;
        }
        long now = System.nanoTime();
        peripherals.forEach(p -> p.connectionLost(reason, now));
    }

    void stopped() {
        peripherals.forEach(Peripheral::stopped);
    }

    /** Safe from any thread: the PDs are fixed at construction and each snapshot reads volatile state. */
    List<PdHealth> health() {
        return peripherals.stream().map(Peripheral::health).toList();
    }

    int onlineCount() {
        int n = 0;
        for (Peripheral p : peripherals) {
            n += p.online() ? 1 : 0;
        }
        return n;
    }
}
