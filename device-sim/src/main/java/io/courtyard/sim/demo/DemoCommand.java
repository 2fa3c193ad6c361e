package io.courtyard.sim.demo;

import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.ops.SignalStop;
import io.courtyard.sim.osdp.OsdpSim;
import java.nio.file.Path;
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
        SignalStop signal = SignalStop.install(() -> {
            gateway.stop();
            devices.close();
            log.info("upstream received {} messages", watcher.received());
            watcher.close();
            broker.close();
        });
        try {
            broker.start();
            watcher.start(up.topicPrefix() + "/" + cfg.site().id() + "/#");
            gateway.start();
        } catch (Exception e) {
            log.error("demo failed to start: {}", e.toString());
            signal.disarm();
            gateway.stop();
            devices.close();
            watcher.close();
            broker.close();
            return 1;
        }
        log.info(
                "DEMO READY: platform broker tcp://{}:{}, operator API on the gateway's http listener; Ctrl-C stops",
                up.uri().getHost(),
                up.uri().getPort());
        new CountDownLatch(1).await();
        return 0;
    }
}
