package io.courtyard.sim.demo;

import io.courtyard.acl.AclUpdater;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.runtime.SignalStop;
import io.courtyard.runtime.SimulatedClock;
import io.courtyard.sim.compound.MonthPlayer;
import io.courtyard.sim.monitor.MonitorSim;
import io.courtyard.sim.osdp.OsdpSim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courtyard-sim demo}: the whole compound on one machine — an embedded MQTT 5 broker as
 * the property platform, a watcher showing what arrives upstream, and the real gateway.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the gateway with an embedded upstream broker.")
public final class DemoCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);
    /** A floor travelled or a door moving, in the emulated cars. */
    private static final Duration MONITOR_STEP = Duration.ofSeconds(1);
    /** ... and while a month is played: a trip is a few publishes in a row, within its window of the month. */
    private static final Duration MONTH_STEP = Duration.ofMillis(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config",
            defaultValue = "config/demo.yaml",
            paramLabel = "FILE",
            description = "Demo configuration.")
    Path config;

    @Option(
            names = "--state-dir",
            defaultValue = ".demo-state",
            paramLabel = "DIR",
            description = "Gateway state directory.")
    Path stateDir;

    @Option(
            names = "--acl",
            defaultValue = "config/acl-example.json",
            paramLabel = "FILE",
            description = "Signed access list imported at start when the gateway has none yet.")
    Path acl;

    @Option(names = "--no-scenario", description = "Devices stay idle: no scripted residents.")
    boolean noScenario;

    @Option(
            names = "--month",
            arity = "0..1",
            fallbackValue = "2026-10",
            paramLabel = "YYYY-MM",
            description = "First fast-forward a month of the compound through the gateway on a simulated clock"
                    + " (default 2026-10, the month config/demo.yaml bills), then go live. Once per state directory.")
    YearMonth month;

    @Option(
            names = "--month-share",
            defaultValue = "0.04",
            paramLabel = "X",
            description = "Share of the residents' outings the month plays, 0 < X <= 1 (default ${DEFAULT-VALUE}:"
                    + " the month in about half a minute on two cores; 1 is every outing, about ten minutes).")
    double monthShare;

    @Option(
            names = "--month-days",
            defaultValue = "0",
            paramLabel = "N",
            description = "Play only the month's first N days (a short rehearsal, the tests); 0: the whole month.")
    int monthDays;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the compound's people and month.")
    long seed;

    @Option(
            names = "--acl-key",
            defaultValue = "config/demo-keys/demo-acl.key",
            paramLabel = "FILE",
            description = "The demo's access-list signing key, for the compound's list (--month).")
    Path aclKey;

    @Option(
            names = "--summary-every",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "The live one-line summary every so many seconds; 0: none.")
    int summaryEvery;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        try {
            cfg = ConfigLoader.load(config).withStateDir(stateDir);
        } catch (ConfigException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            return 2;
        }
        UpstreamConfig.Mqtt up = cfg.upstream().mqtt().orElse(null);
        if (up == null || !"tcp".equals(up.uri().getScheme())) {
            spec.commandLine()
                    .getErr()
                    .println(config + ": the demo needs upstream.mqtt with a tcp:// URI for its embedded broker");
            return 2;
        }
        DemoMonth monthRun = null;
        SimulatedClock clock = null;
        if (month != null) {
            try {
                monthRun = new DemoMonth(cfg, stateDir, month, monthDays, monthShare, seed, acl, aclKey);
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("--month: " + e.getMessage());
                return 2;
            }
            if (monthRun.played()) {
                log.info("demo: {} is already in {}: going live without playing it again", month, stateDir);
                monthRun = null;
            } else {
                clock = monthRun.clock();
                cfg = MonthConfig.forMonth(cfg);
            }
        }
        EmbeddedBroker broker = new EmbeddedBroker(
                stateDir.resolve("broker"), up.uri().getHost(), up.uri().getPort());
        UpstreamWatcher watcher = new UpstreamWatcher(up.uri().toString());
        Gateway gateway;
        try {
            gateway = clock == null ? new Gateway(cfg) : new Gateway(cfg, clock);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return 2;
        }
        GatewayConfig site = cfg;
        Duration firstStep = monthRun == null ? MONITOR_STEP : MONTH_STEP;
        // The compound's card readers and relay boards, each bus behind its own serial-server port.
        OsdpSim devices = OsdpSim.serving(cfg.devices().osdpBuses());
        // The car park's cameras, pushing to the gateway's camera listener; a Hikvision camera's ISAPI served here.
        DemoCarPark cars = new DemoCarPark(cfg);
        DemoScenario scenario = new DemoScenario(devices, cfg.devices()).cars(cars);
        MonitorSim[] monitors = {null};
        LiveSummary[] summary = {null};
        Runnable stopAll = () -> {
            scenario.close();
            if (summary[0] != null) {
                summary[0].close();
            }
            if (monitors[0] != null) {
                monitors[0].close();
            }
            gateway.stop();
            devices.close();
            cars.close();
            log.info("upstream received {} messages", watcher.received());
            watcher.close();
            broker.close();
        };
        SignalStop signal = SignalStop.install(stopAll);
        try {
            broker.start();
            watcher.start(up.topicPrefix() + "/" + cfg.site().id() + "/#");
            gateway.start();
            importList(gateway);
            // The elevator monitors connect to the gateway's device MQTT listener, as on a real box.
            // Their own clocks read the gateway's (a simulated month's too), as NTP keeps a real monitor's.
            gateway.deviceMqtt().ifPresent(mqtt -> {
                monitors[0] = MonitorSim.of(site, "127.0.0.1", mqtt.port(), firstStep, gateway.clock())
                        .connectAll()
                        .heartbeat(Duration.ofSeconds(30));
                scenario.monitors(monitors[0]);
            });
        } catch (Exception e) {
            log.error("demo failed to start: {}", e.toString());
            signal.disarm();
            scenario.close();
            gateway.stop();
            devices.close();
            cars.close();
            watcher.close();
            broker.close();
            return 1;
        }
        OperatorClient api =
                gateway.http().map(h -> new OperatorClient(h.port(), stateDir)).orElse(null);
        if (summaryEvery > 0) {
            summary[0] =
                    new LiveSummary(gateway.registry(), () -> openFaults(api)).start(Duration.ofSeconds(summaryEvery));
        }
        if (monthRun != null) {
            boolean played = api != null
                    && monitors[0] != null
                    && playMonth(
                            monthRun,
                            clock,
                            gateway,
                            new DemoStage(cfg.devices(), devices, monitors[0], cars, api, gateway.clock()),
                            api);
            if (!played) {
                if (api == null || monitors[0] == null) {
                    log.error("demo: --month needs listeners.http and listeners.deviceMqtt");
                }
                // Stopped here, not by the hook, which would end with 0: a month that failed is a failure.
                signal.disarm();
                stopAll.run();
                return 1;
            }
            monitors[0].step(MONITOR_STEP);
        }
        log.info(
                "DEMO READY: platform broker tcp://{}:{}, operator API on the gateway's http listener; Ctrl-C stops",
                up.uri().getHost(),
                up.uri().getPort());
        if (!noScenario) {
            scenario.start();
        }
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Plays the month, has the committee issue its bills, hands the clock over to the system's. A month
     * that cannot be played (its list refused) ends the demo; happenings that failed are counted and logged.
     */
    private static boolean playMonth(
            DemoMonth m, SimulatedClock clock, Gateway gateway, DemoStage stage, OperatorClient api)
            throws InterruptedException {
        try {
            m.applyList(gateway);
            MonthPlayer.Result r = m.play(stage, clock);
            m.issueBills(api);
            m.finish(clock, r);
            // The clock jumped to today: the monitors report at once rather than look silent for a month.
            stage.keepAlive();
            log.info(
                    "DEMO MONTH DONE: {} happenings of {} ({} failed, rides {}) in {} s: the dashboard shows its usage,"
                            + " faults and bills; the clock follows the system's from now on",
                    r.played(),
                    m.plan().month(),
                    r.failures().size(),
                    new java.util.TreeMap<>(r.rides()),
                    r.took().toSeconds());
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.error("demo: the month could not be played: {}", e.toString());
            return false;
        }
    }

    /** The open faults the operator API lists; -1 when it does not answer. */
    private static int openFaults(OperatorClient api) {
        if (api == null) {
            return -1;
        }
        try {
            return api.openFaults().size();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * A fresh demo state has no access list, and every card would be refused: the signed example is
     * applied through {@code AclUpdater.apply}, exactly as {@code courtyard acl import} applies it.
     */
    private void importList(Gateway gateway) throws IOException {
        long version = gateway.access().snapshot().version();
        if (version > 0) {
            log.info("demo: access list version {} in force", version);
            return;
        }
        if (!Files.isRegularFile(acl)) {
            log.warn("demo: no access list at {}: every card will be refused", acl);
            return;
        }
        AclUpdater.Result r = gateway.acl().updater().apply(Files.readAllBytes(acl), "file:" + acl.getFileName());
        if (r.outcome() == AclUpdater.Outcome.REFUSED) {
            log.warn("demo: {} refused ({}): {}", acl, r.refusal().tag(), r.detail());
        } else {
            log.info("demo: {} {}: version {} in force", acl, r.outcome().name().toLowerCase(Locale.ROOT), r.version());
        }
    }
}
