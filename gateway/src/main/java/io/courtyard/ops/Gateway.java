package io.courtyard.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.AccessService;
import io.courtyard.access.AccessStateStore;
import io.courtyard.acl.AclService;
import io.courtyard.acl.AclStore;
import io.courtyard.cli.Assembly;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.event.GatewayStarted;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Version;
import io.courtyard.store.Database;
import io.courtyard.usage.UsageProjection;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the gateway's components from a configuration and owns their order. Startup order
 * (shutdown is the reverse): metrics → database → journal → access (loads the last applied
 * access list and rebuilds pass uses, anti-passback positions and emergency modes from the
 * journal) → acl (the access-list updater and its store watcher) → uplink sinks → acl sync and
 * emergency commands (their workers, then their own upstream MQTT connection) → event loops →
 * device drivers (take over the emergency modes in force; the gate and elevator drivers listen to
 * the buses, registered before these start) → OSDP buses → listeners. Devices and operators are
 * reached last, once everything they feed is ready, so no request is decided before the list is
 * loaded; the buses stop before the drivers, so no report reaches a stopped driver; the journal
 * stops after the sinks, the buses, the drivers and the access service so their last events and
 * acknowledgements are persisted.
 */
public final class Gateway implements Assembly.Running {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Each component gets this long to stop; SIGTERM to exit stays well inside systemd's timeout. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    private final GatewayConfig config;
    private final Lifecycle lifecycle = new Lifecycle(STOP_TIMEOUT);
    private final Metrics metrics;
    private final Database database;
    private final Journal journal;
    private final AccessService access;
    private final AclService acl;
    private final EventLoops loops;
    private final OsdpBuses osdp;
    private final Drivers drivers;
    private final Optional<OperatorHttpServer> http;
    private final JournalProjector usage;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Instant startedAt;

    public Gateway(GatewayConfig config) {
        this.config = config;
        this.metrics = new Metrics(config.site().id());
        this.database = new Database(config.state().dir(), config.journal().synchronous());
        this.journal = new Journal(database, config.site().id(), config.journal(), metrics.registry());
        Clock clock = Clock.systemUTC();
        this.access = new AccessService(
                config,
                database,
                journal::append,
                journal.source(AccessStateStore.SINK),
                () -> {
                    try (Connection c = database.connect()) {
                        return AclStore.load(c);
                    }
                },
                metrics.registry(),
                clock);
        this.acl = new AclService(config, database, access, journal::append, metrics.registry(), clock);
        this.loops = new EventLoops(Math.max(2, Runtime.getRuntime().availableProcessors()), metrics.registry());
        this.http = config.listeners().http().enabled()
                ? Optional.of(new OperatorHttpServer(config.listeners().http(), loops)
                        .route("/health", r -> health())
                        .route("/metrics", r -> prometheus()))
                : Optional.empty();
        this.usage = new JournalProjector(
                journal.source(UsageProjection.SINK),
                database,
                new UsageProjection(config.site().timeZone()),
                JournalProjector.Policy.DEFAULT,
                metrics.registry());
        lifecycle.add(metrics).add(database).add(journal).add(access).add(acl).add(usage);
        Uplinks.create(config, journal, metrics.registry()).forEach(lifecycle::add);
        Uplinks.aclSync(config, acl::updater, database, access::emergencies, journal::append, metrics.registry(), clock)
                .forEach(lifecycle::add);
        this.osdp = new OsdpBuses(config.devices().osdpBuses(), loops, metrics.registry());
        this.drivers = new Drivers(
                config.devices(),
                access::decide,
                access::emergencies,
                osdp::send,
                journal::append,
                metrics.registry(),
                clock);
        osdp.listen(new DeviceJournal(journal, clock)).listen(drivers);
        lifecycle.add(loops).add(drivers).add(osdp);
        http.ifPresent(lifecycle::add);
    }

    public void start() throws Exception {
        long t0 = System.nanoTime();
        // Set before the listeners open: /health can be asked the moment the port is bound.
        startedAt = Instant.now();
        lifecycle.start();
        // Upstream sees every boot: a restart it did not expect is worth a look.
        journal.append(EventDraft.at("gateway", startedAt, new GatewayStarted(Version.current())));
        log.info(
                "READY courtyard {} site={} households={} devices={} http={} state={} in {} ms",
                Version.current(),
                config.site().id(),
                config.site().households().size(),
                deviceCount(),
                http.map(h -> "http://" + config.listeners().http().bind() + ":" + h.port() + "/")
                        .orElse("disabled"),
                database.file(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    public void stop() {
        log.info("stopping courtyard site={}", config.site().id());
        lifecycle.stop();
        log.info("stopped");
    }

    public Optional<OperatorHttpServer> http() {
        return http;
    }

    public Database database() {
        return database;
    }

    public Journal journal() {
        return journal;
    }

    /** The access engine: device adapters decide through it. */
    public AccessService access() {
        return access;
    }

    public AclService acl() {
        return acl;
    }

    public OsdpBuses osdp() {
        return osdp;
    }

    private int deviceCount() {
        var d = config.devices();
        return d.osdpBuses().stream().mapToInt(b -> b.devices().size()).sum()
                + d.barriers().size()
                + d.monitors().size();
    }

    private FullHttpResponse health() {
        String diskAlarm = journal.diskAlarm();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", diskAlarm == null ? "up" : "degraded");
        body.put("site", config.site().id());
        body.put("version", Version.current());
        body.put(
                "uptimeSeconds",
                startedAt == null
                        ? 0
                        : Duration.between(startedAt, Instant.now()).toSeconds());
        body.put("journalSeq", journal.lastDurableSeq());
        body.put("aclVersion", startedAt == null ? 0 : access.snapshot().version());
        if (diskAlarm != null) {
            body.put("diskAlarm", diskAlarm);
        }
        try {
            return respond("application/json", json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FullHttpResponse prometheus() {
        return respond(
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse respond(String contentType, byte[] bytes) {
        var res =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return res;
    }
}
