package io.courtyard.ops;

import io.courtyard.access.Emergencies;
import io.courtyard.acl.AclSync;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.EmergencyCommands;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.courtyard.uplink.InfluxSink;
import io.courtyard.uplink.MqttSink;
import io.courtyard.uplink.UpstreamChannel;
import io.courtyard.uplink.UpstreamConnections;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Builds the configured upstream sinks, each on its own journal cursor. */
final class Uplinks {
    /** Cursor names: renaming one re-sends everything the journal still holds to that sink. */
    static final String INFLUX = "influx";

    static final String MQTT = "mqtt";

    private Uplinks() {}

    /**
     * The access-list sync and the emergency commands when the upstream broker and the signing key
     * are both configured: their workers first, then their MQTT connection (client id
     * {@code {clientId}-acl}), so that a message arriving at once finds a worker running, and
     * stopping cuts the connection before the workers.
     */
    static List<Service> aclSync(
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

    static List<Service> create(GatewayConfig config, Journal journal, MeterRegistry registry) {
        List<Service> sinks = new ArrayList<>();
        String site = config.site().id();
        config.upstream().mqtt().ifPresent(c -> sinks.add(new MqttSink(c, site, journal.source(MQTT), registry)));
        config.upstream().influx().ifPresent(c -> sinks.add(new InfluxSink(c, site, journal.source(INFLUX), registry)));
        return sinks;
    }
}
