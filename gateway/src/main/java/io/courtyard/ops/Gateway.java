package io.courtyard.ops;

import io.courtyard.access.AccessCommands;
import io.courtyard.access.AccessService;
import io.courtyard.access.AccessStateStore;
import io.courtyard.acl.AclService;
import io.courtyard.acl.AclStore;
import io.courtyard.cli.Assembly;
import io.courtyard.command.CommandHandlers;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.Devices;
import io.courtyard.device.lpr.CameraListener;
import io.courtyard.device.mqtt.DeviceMqttServer;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.http.Responses;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.Journal;
import io.courtyard.journal.event.GatewayStarted;
import io.courtyard.runtime.ClockSync;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Version;
import io.courtyard.store.Database;
import io.courtyard.uplink.MqttSink;
import io.courtyard.uplink.Uplinks;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the gateway's components from a configuration and owns their order. Startup order
 * (shutdown is the reverse): metrics → database → journal → clock watch → access (loads the last applied
 * access list and rebuilds pass uses, anti-passback positions and emergency modes from the
 * journal) → acl (the access-list updater and its store watcher) → upkeep (usage and fault
 * projections, fault outbox, rescue watch, usage summaries: {@link Upkeep}) → uplink sinks → acl sync and
 * remote commands (their workers, then their own upstream MQTT connection) → event loops →
 * device drivers (take over the emergency modes in force; the gate and elevator drivers listen to
 * the buses, registered before these start) → elevator monitors → OSDP buses → camera service
 * (remembers the answered plate reads from the journal) → device MQTT and camera listeners →
 * operator listener → the systemd watchdog (when the unit sets {@code WatchdogSec}); systemd hears
 * {@code READY=1} once all of them run. Devices and operators are
 * reached last, once everything they feed is ready, so no request is decided before the list is
 * loaded; the buses stop before the drivers, so no report reaches a stopped driver; the journal
 * stops after the sinks, the buses, the drivers and the access service so their last events and
 * acknowledgements are persisted.
 */
public final class Gateway implements Assembly.Running {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Each component gets this long to stop; SIGTERM to exit stays well inside systemd's timeout. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);
    /** How often the clock's synchronisation is asked (a process per ask: timedatectl). */
    static final Duration CLOCK_CHECK = Duration.ofMinutes(1);

    private final GatewayConfig config;
    private final Lifecycle lifecycle = new Lifecycle(STOP_TIMEOUT);
    private final Metrics metrics;
    private final Database database;
    private final Journal journal;
    private final AccessService access;
    private final AclService acl;
    private final Devices devices;
    private final Optional<OperatorHttpServer> http;
    private final Health health;
    private final SystemdNotify systemd = SystemdNotify.fromEnvironment();
    private final ClockWatch clockWatch;
    private final Clock clock;
    private volatile Instant startedAt;
    private volatile long startedNanos;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * A gateway on {@code clock}: the system clock, or a {@link io.courtyard.runtime.SimulatedClock} on a
     * site configured {@code simulation: true} (refused otherwise, see {@link GatewayClock}).
     */
    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = GatewayClock.admit(config, clock);
        this.metrics = new Metrics(config.site().id());
        MeterRegistry registry = metrics.registry();
        this.database = new Database(config.state().dir(), config.journal().synchronous());
        this.journal = new Journal(database, config.site().id(), config.journal(), registry, this.clock);
        this.access = new AccessService(
                config,
                database,
                // A decision is enforced before its event is durable: on a full disk it waits in memory.
                journal::appendDeferrable,
                journal.source(AccessStateStore.SINK),
                () -> {
                    try (Connection c = database.connect()) {
                        return AclStore.load(c);
                    }
                },
                registry,
                clock);
        this.acl = new AclService(config, database, access, journal::append, registry, clock);
        Upkeep upkeep = new Upkeep(config, database, journal, registry, clock);
        EventLoops loops = new EventLoops(Math.max(2, Runtime.getRuntime().availableProcessors()), registry);
        this.devices = Devices.create(config, loops, access, journal, database, registry, clock);
        this.clockWatch = new ClockWatch(ClockSync.system(), journal, CLOCK_CHECK, clock);
        Map<String, java.util.function.Supplier<?>> sections = new java.util.HashMap<>(Map.of(
                "osdp", devices.osdp()::health, "clock", clockWatch::status, "deviceClocks", devices.clocks()::health));
        GatewayClock.health(clock)
                .ifPresent(h -> sections.put(
                        "simulatedClock", () -> GatewayClock.health(clock).orElseThrow()));
        this.health = new Health(
                config.site().id(),
                () -> startedAt == null ? null : Duration.ofNanos(System.nanoTime() - startedNanos),
                journal,
                access,
                clockWatch::alarm,
                sections);
        Optional<OperatorSite> site = config.listeners().http().enabled()
                ? Optional.of(new OperatorSite(
                        config,
                        upkeep,
                        journal,
                        database,
                        devices::presence,
                        access::emergencies,
                        r -> health.response(),
                        r -> prometheus(metrics),
                        loops,
                        registry,
                        clock))
                : Optional.empty();
        this.http = site.map(OperatorSite::server);
        lifecycle
                .add(metrics)
                .add(database)
                .add(journal)
                .add(clockWatch)
                .add(access)
                .add(acl);
        upkeep.services().forEach(lifecycle::add);
        List<Service> sinks = Uplinks.sinks(config, journal, registry);
        sinks.forEach(lifecycle::add);
        sinks.stream()
                .filter(MqttSink.class::isInstance)
                .findFirst()
                .ifPresent(s -> lifecycle.add(upkeep.uplinkWatch(((MqttSink) s).metrics()::isConnected)));
        // Each room registers the commands it carries out; the command room only runs them.
        CommandHandlers handlers = new CommandHandlers();
        AccessCommands.register(handlers, access);
        devices.registerCommands(handlers);
        AclChannel.services(
                        config,
                        acl::updater,
                        database,
                        handlers,
                        journal::append,
                        () -> access.snapshot().list().issuedAt(),
                        registry,
                        clock)
                .forEach(lifecycle::add);
        lifecycle.add(loops);
        devices.services().forEach(lifecycle::add);
        site.ifPresent(s -> s.services().forEach(lifecycle::add));
        // Last to start, first to stop: pings begin once everything runs and end before anything stops.
        systemd.watchdogInterval()
                .ifPresent(i -> lifecycle.add(new Watchdog(systemd, i, List.of(journal, loops), health::summary)));
    }

    public void start() throws Exception {
        long t0 = System.nanoTime();
        // Set before the listeners open: /health can be asked the moment the port is bound.
        startedAt = clock.instant();
        startedNanos = System.nanoTime();
        systemd.status("starting");
        lifecycle.start();
        // Upstream sees every boot: a restart it did not expect is worth a look.
        journal.append(EventDraft.at("gateway", startedAt, new GatewayStarted(Version.current())));
        log.info(
                "READY courtyard {} site={} households={} devices={} http={} mqtt={} state={} in {} ms",
                Version.current(),
                config.site().id(),
                config.site().households().size(),
                deviceCount(),
                http.map(h -> "http://" + config.listeners().http().bind() + ":" + h.port() + "/")
                        .orElse("disabled"),
                devices.mqtt()
                        .map(m -> config.listeners().deviceMqtt().bind() + ":" + m.port())
                        .orElse("disabled"),
                database.file(),
                (System.nanoTime() - t0) / 1_000_000);
        // Every listener is open: systemd may now start what is ordered after us.
        systemd.ready(health.summary());
    }

    public void stop() {
        log.info("stopping courtyard site={}", config.site().id());
        systemd.stopping("stopping");
        lifecycle.stop();
        systemd.close();
        log.info("stopped");
    }

    /** The clock every room reads: the system's, or a rehearsal's simulated one. */
    public Clock clock() {
        return clock;
    }

    public Optional<OperatorHttpServer> http() {
        return http;
    }

    /** The gateway's meters, as {@code /metrics} serves them (the load harnesses read them too). */
    public MeterRegistry registry() {
        return metrics.registry();
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
        return devices.osdp();
    }

    /** The device MQTT listener, when enabled and some monitor is configured. */
    public Optional<DeviceMqttServer> deviceMqtt() {
        return devices.mqtt();
    }

    /** The camera listener, when enabled. */
    public Optional<CameraListener> cameras() {
        return devices.cameras();
    }

    private int deviceCount() {
        var d = config.devices();
        return d.osdpBuses().stream().mapToInt(b -> b.devices().size()).sum()
                + d.barriers().size()
                + d.monitors().size();
    }

    private static FullHttpResponse prometheus(Metrics metrics) {
        return Responses.bytes(
                HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
