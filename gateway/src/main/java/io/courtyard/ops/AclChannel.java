package io.courtyard.ops;

import io.courtyard.acl.AclSync;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.CommandSignatures;
import io.courtyard.command.CommandHandlers;
import io.courtyard.command.CommandService;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.courtyard.uplink.UpstreamChannel;
import io.courtyard.uplink.UpstreamConnections;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds the access-list sync and the remote commands over their own upstream connection. */
final class AclChannel {
    private AclChannel() {}

    /**
     * The access-list sync and the remote commands when the upstream broker and the signing key are
     * both configured: their workers first, then their MQTT connection (client id
     * {@code {clientId}-acl}), so that a message arriving at once finds a worker running, and
     * stopping cuts the connection before the workers. The rooms' command handlers are registered
     * in {@code handlers} before these start; the sync adds its own.
     */
    static List<Service> services(
            GatewayConfig config,
            Supplier<AclUpdater> updater,
            Database db,
            CommandHandlers handlers,
            Function<EventDraft, CompletableFuture<JournalEvent>> journal,
            Supplier<Instant> listIssuedAt,
            MeterRegistry registry,
            Clock clock) {
        if (config.upstream().mqtt().isEmpty() || config.acl().publicKey().isEmpty()) {
            return List.of();
        }
        UpstreamConfig.Mqtt m = config.upstream().mqtt().get();
        String site = config.site().id();
        UpstreamChannel upstream =
                new UpstreamChannel(m, site, "acl-mqtt", "-acl", UpstreamConnections.Timing.DEFAULTS);
        AclSync sync = new AclSync(upstream, updater, site, clock);
        sync.registerCommands(handlers);
        CommandService commands = new CommandService(
                upstream,
                site,
                new CommandSignatures(config.acl().publicKey().get()),
                handlers,
                db,
                journal,
                listIssuedAt,
                registry,
                clock);
        return List.of(sync, commands, upstream);
    }
}
