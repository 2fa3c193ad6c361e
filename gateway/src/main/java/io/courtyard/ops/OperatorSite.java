package io.courtyard.ops;

import io.courtyard.config.GatewayConfig;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.http.Route;
import io.courtyard.http.auth.Audit;
import io.courtyard.http.auth.AuthRoutes;
import io.courtyard.http.auth.Guard;
import io.courtyard.http.auth.LocalAccess;
import io.courtyard.http.auth.OperatorAuth;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The operator listener, assembled: {@code /health} and {@code /metrics} open as before, the login
 * routes, the API behind logins and roles, the dashboard's pages; and the command line's local token.
 */
final class OperatorSite {
    private final OperatorHttpServer server;
    private final LocalAccess local;

    OperatorSite(
            GatewayConfig config,
            Upkeep upkeep,
            Journal journal,
            Route health,
            Route metrics,
            EventLoops loops,
            MeterRegistry registry,
            Clock clock) {
        Audit audit = new Audit(journal::append, clock);
        OperatorAuth auth = new OperatorAuth(config.operators(), audit, false, clock);
        Guard guard = new Guard(auth, audit);
        AuthRoutes login = new AuthRoutes(auth);
        server = upkeep.routes(
                new OperatorHttpServer(config.listeners().http(), loops, registry)
                        .route("/health", health)
                        .route("/metrics", metrics)
                        .route("/api/login", login::login)
                        .route("/api/logout", login::logout)
                        .route("/api/me", login::me),
                guard);
        local = new LocalAccess(auth, config.state().dir());
    }

    OperatorHttpServer server() {
        return server;
    }

    /** In start order: the local token before the listener that accepts it. */
    List<Service> services() {
        return List.of(local, server);
    }
}
