package io.courtyard.ops;

import io.courtyard.access.Emergencies;
import io.courtyard.acl.AclSync;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.EmergencyCommands;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.courtyard.uplink.UpstreamChannel;
import io.courtyard.uplink.UpstreamConnections;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Builds the access-list sync and the emergency commands over their own upstream connection. */
final class AclChannel {
    private AclChannel() {}

    /**
     * The access-list sync and the emergency commands when the upstream broker and the signing key
     * are both configured: their workers first, then their MQTT connection (client id
     * {@code {clientId}-acl}), so that a message arriving at once finds a worker running, and
     * stopping cuts the connection before the workers.
     */
    static List<Service> services(
            GatewayConfig config,
            Supplier<AclUpdater> updater,
            Database db,
            Supplier<Emergencies> emergencies,
            EventSink events,
            MeterRegistry registry,
            Clock clock) {
        if (config.upstream().mqtt().isEmpty() || config.acl().publicKey().isEmpty()) {
            return List.of();
        }
        UpstreamConfig.Mqtt m = config.upstream().mqtt().get();
        String site = config.site().id();
        UpstreamChannel upstream =
                new UpstreamChannel(m, site, "acl-mqtt", "-acl", UpstreamConnections.Timing.DEFAULTS);
        EmergencyCommands commands = new EmergencyCommands(
                upstream, site, config.acl().publicKey().get(), db, emergencies, events, registry, clock);
        return List.of(new AclSync(upstream, updater, site, clock), commands, upstream);
    }
}
