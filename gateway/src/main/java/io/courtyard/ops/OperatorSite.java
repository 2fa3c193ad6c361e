package io.courtyard.ops;

import io.courtyard.access.Emergencies;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.ListenersConfig;
import io.courtyard.dashboard.EmergencyApi;
import io.courtyard.dashboard.OverviewApi;
import io.courtyard.dashboard.Pages;
import io.courtyard.dashboard.ReportApi;
import io.courtyard.device.Devices;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.http.Route;
import io.courtyard.http.StaticFiles;
import io.courtyard.http.auth.ApiRules;
import io.courtyard.http.auth.Audit;
import io.courtyard.http.auth.AuthRoutes;
import io.courtyard.http.auth.Guard;
import io.courtyard.http.auth.LocalAccess;
import io.courtyard.http.auth.OperatorAuth;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.net.ServerTlsContext;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator listener, assembled: {@code /health} and {@code /metrics} open as before, the login
 * routes, the API behind logins and roles (the emergency modes through the access room's
 * {@link Emergencies}), the dashboard's pages; and the command line's local token.
 */
final class OperatorSite {
    private final OperatorHttpServer server;
    private final LocalAccess local;

    OperatorSite(
            GatewayConfig config,
            Upkeep upkeep,
            Journal journal,
            Database database,
            Supplier<List<Devices.Presence>> devices,
            Supplier<Emergencies> emergencies,
            Route health,
            Route metrics,
            EventLoops loops,
            MeterRegistry registry,
            Clock clock) {
        Audit audit = new Audit(journal::append, clock);
        OperatorAuth auth = new OperatorAuth(
                config.operators(), audit, config.listeners().httpTls().isPresent(), clock);
        Guard guard = new Guard(auth, audit);
        AuthRoutes login = new AuthRoutes(auth);
        OverviewApi overview = new OverviewApi(config, database, journal, devices, clock);
        StaticFiles files = Pages.files();
        ReportApi report = new ReportApi(config, database);
        EmergencyApi emergency =
                new EmergencyApi(emergencies, config.operators().emergencyModes());
        server = upkeep.routes(
                new OperatorHttpServer(config.listeners().http(), loops, registry)
                        .route("/health", health)
                        .route("/metrics", metrics)
                        .route("/api/login", login::login)
                        .route("/api/logout", login::logout)
                        .route("/api/me", login::me)
                        .route("/api/overview", guard.wrap(ApiRules::overview, overview::handle))
                        .route("/api/report.pdf", guard.wrap(ApiRules::report, report::handle))
                        .route("/api/emergency", guard.wrap(ApiRules::emergency, emergency::handle))
                        .routePrefix("/api/emergency/", guard.wrap(ApiRules::emergency, emergency::handle))
                        .route("/", files)
                        .routePrefix("/app/", files)
                        .routePrefix("/vendor/", files),
                guard);
        local = new LocalAccess(auth, config.state().dir());
        if (config.listeners().httpTls().isPresent()) {
            var t = config.listeners().httpTls().get();
            try {
                server.tls(ServerTlsContext.of(
                        t.certFile(),
                        t.keyFile(),
                        t.clientCaFile(),
                        t.clientCertificates() == ListenersConfig.ClientCertificates.REQUIRED
                                ? ClientAuth.REQUIRE
                                : t.clientCertificates() == ListenersConfig.ClientCertificates.OPTIONAL
                                        ? ClientAuth.OPTIONAL
                                        : ClientAuth.NONE));
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                // check-config loaded the same files; one that changed since is a failed start, said plainly.
                throw new IllegalStateException("listeners.http.tls: " + e.getMessage(), e);
            }
        }
    }

    OperatorHttpServer server() {
        return server;
    }

    /** In start order: the local token before the listener that accepts it. */
    List<Service> services() {
        return List.of(local, server);
    }
}
