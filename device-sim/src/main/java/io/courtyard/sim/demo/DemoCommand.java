package io.courtyard.sim.demo;

import io.courtyard.acl.AclUpdater;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.runtime.SignalStop;
import io.courtyard.sim.monitor.MonitorSim;
import io.courtyard.sim.osdp.OsdpSim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        EmbeddedBroker broker = new EmbeddedBroker(
                stateDir.resolve("broker"), up.uri().getHost(), up.uri().getPort());
        UpstreamWatcher watcher = new UpstreamWatcher(up.uri().toString());
        Gateway gateway = new Gateway(cfg);
        // The compound's card readers and relay boards, each bus behind its own serial-server port.
        OsdpSim devices = OsdpSim.serving(cfg.devices().osdpBuses());
        // The car park's cameras, pushing to the gateway's camera listener; a Hikvision camera's ISAPI served here.
        DemoCarPark cars = new DemoCarPark(cfg);
        DemoScenario scenario = new DemoScenario(devices, cfg.devices()).cars(cars);
        MonitorSim[] monitors = {null};
        SignalStop signal = SignalStop.install(() -> {
            scenario.close();
            if (monitors[0] != null) {
                monitors[0].close();
            }
            gateway.stop();
            devices.close();
            cars.close();
            log.info("upstream received {} messages", watcher.received());
            watcher.close();
            broker.close();
        });
        try {
            broker.start();
            watcher.start(up.topicPrefix() + "/" + cfg.site().id() + "/#");
            gateway.start();
            importList(gateway);
            // The elevator monitors connect to the gateway's device MQTT listener, as on a real box.
            gateway.deviceMqtt().ifPresent(mqtt -> {
                monitors[0] = MonitorSim.of(cfg, "127.0.0.1", mqtt.port(), MONITOR_STEP)
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
