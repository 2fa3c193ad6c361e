package io.courtyard.acl;

import io.courtyard.access.AccessList;
import io.courtyard.access.AccessService;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-list updater as a gateway component: it owns the updater's database connection and
 * watches the store once a second, so that a list applied by {@code courtyard acl import} beside
 * the running gateway (a USB stick while the uplink is down) is enforced within a second.
 */
public final class AclService implements Service {
    private static final Logger log = LoggerFactory.getLogger(AclService.class);
    static final long WATCH_MILLIS = 1000;

    private final GatewayConfig config;
    private final Database db;
    private final AccessService access;
    private final EventSink events;
    private final AclMetrics metrics = new AclMetrics();
    private final Clock clock;
    private Connection conn;
    private AclUpdater updater;
    private ScheduledExecutorService watcher;

    public AclService(
            GatewayConfig config,
            Database db,
            AccessService access,
            EventSink events,
            MeterRegistry registry,
            Clock clock) {
        this.config = config;
        this.db = db;
        this.access = access;
        this.events = events;
        this.clock = clock;
        metrics.bindTo(registry);
    }

    /** Adapts the access service to what the updater needs. */
    public static AclUpdater.Target target(AccessService access) {
        return new AclUpdater.Target() {
            @Override
            public AccessList current() {
                return access.snapshot().list();
            }

            @Override
            public AccessSnapshot prepare(AccessList list) {
                return access.prepare(list);
            }

            @Override
            public void install(AccessSnapshot snapshot) {
                access.install(snapshot);
            }
        };
    }

    @Override
    public String name() {
        return "acl";
    }

    @Override
    public synchronized void start() throws Exception {
        conn = db.connect();
        updater = new AclUpdater(config.site().id(), config.acl(), conn, target(access), events, metrics, clock);
        watcher = Executors.newSingleThreadScheduledExecutor(Threads.named("acl-watch", true));
        watcher.scheduleWithFixedDelay(updater::reloadIfChanged, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        PinPolicy.inForce(access.snapshot().list(), config.acl().pinKey().orElse(null));
        if (config.acl().publicKey().isEmpty()) {
            log.warn("no acl.publicKey configured: the stored access list is enforced, but no update is accepted");
        } else {
            log.info(
                    "access-list updates verified with key {}",
                    Keys.keyId(config.acl().publicKey().get()));
        }
    }

    public AclUpdater updater() {
        return updater;
    }

    @Override
    public synchronized void stop() throws Exception {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (conn != null) {
            // The updater may be mid-apply on the sync thread: wait for it rather than close under it.
            synchronized (updater != null ? updater : this) {
                conn.close();
            }
        }
    }
}
