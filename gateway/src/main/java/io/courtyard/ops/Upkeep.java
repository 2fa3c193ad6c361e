package io.courtyard.ops;

import io.courtyard.billing.Bills;
import io.courtyard.billing.BillsApi;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.FaultActions;
import io.courtyard.faults.FaultNames;
import io.courtyard.faults.FaultOutbox;
import io.courtyard.faults.FaultProjection;
import io.courtyard.faults.FaultTypes;
import io.courtyard.faults.FaultsApi;
import io.courtyard.faults.RescueWatch;
import io.courtyard.faults.UplinkWatch;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.http.auth.ApiRules;
import io.courtyard.http.auth.Guard;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalProjector;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.courtyard.usage.UsageApi;
import io.courtyard.usage.UsageProjection;
import io.courtyard.usage.UsageSummaries;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The people's side, assembled: the usage and fault projections (each on its own journal cursor),
 * the fault outbox, the rescue watch, the daily usage summaries, and their API on the operator
 * listener (behind the operators' logins). Start order: projections, then the outbox and the
 * watches that read their tables; the journal is started before and stopped after all of them.
 */
final class Upkeep {
    /** How often the uplink watch looks; the hold it applies is at least 10 s. */
    static final Duration UPLINK_CHECK = Duration.ofSeconds(2);

    private final List<Service> services;
    private final FaultsApi faults;
    private final UsageApi usage;
    private final BillsApi bills;
    private final Database db;
    private final Journal journal;
    private final FaultTypes types;
    private final Clock clock;

    Upkeep(GatewayConfig config, Database db, Journal journal, MeterRegistry registry, Clock clock) {
        this.db = db;
        this.journal = journal;
        this.clock = clock;
        FaultTypes types = new FaultTypes(config.faults(), config.devices());
        this.types = types;
        JournalProjector usageProjector = new JournalProjector(
                journal.source(UsageProjection.SINK),
                db,
                new UsageProjection(config.site().timeZone()),
                JournalProjector.Policy.DEFAULT,
                registry);
        JournalProjector faultProjector = new JournalProjector(
                journal.source(FaultProjection.SINK),
                db,
                new FaultProjection(types, config.site().timeZone()),
                JournalProjector.Policy.DEFAULT,
                registry);
        services = List.of(
                usageProjector,
                faultProjector,
                new FaultOutbox(db, config.site().id(), journal::append, Duration.ofMillis(200), clock),
                new RescueWatch(db, journal::append, clock, Duration.ofSeconds(5)),
                new UsageSummaries(db, journal::append, config.site().timeZone(), clock, Duration.ofMinutes(5)));
        faults = new FaultsApi(
                db,
                new FaultActions(journal::append, types, clock),
                config.devices().elevators().stream().map(e -> e.id()).toList(),
                new FaultNames(config.devices().monitoring().catalog()),
                config.site().timeZone(),
                clock);
        usage = new UsageApi(config, db);
        bills = new BillsApi(new Bills(config), db, journal::append, clock);
    }

    List<Service> services() {
        return services;
    }

    /**
     * The uplink-down fault's watch over the upstream MQTT connection; started after the sink it
     * watches, so a gateway starting up is not taken for an uplink that went down.
     */
    Service uplinkWatch(BooleanSupplier connected) {
        return new UplinkWatch(db, journal::append, types, clock, connected, UPLINK_CHECK);
    }

    /** The API behind the operators' logins: which role may do what is {@link ApiRules}'. */
    OperatorHttpServer routes(OperatorHttpServer http, Guard guard) {
        return http.route("/api/faults", guard.wrap(ApiRules::faults, faults::handle))
                .routePrefix("/api/faults/", guard.wrap(ApiRules::faults, faults::handle))
                .route("/api/usage", guard.wrap(ApiRules::usage, usage::handle))
                .route("/api/bills", guard.wrap(ApiRules::bills, bills::handle))
                .route("/api/bills/issue", guard.wrap(ApiRules::bills, bills::handle));
    }
}
