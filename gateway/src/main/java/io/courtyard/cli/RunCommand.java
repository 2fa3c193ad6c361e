package io.courtyard.cli;

import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.ops.SignalStop;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard run}: starts the gateway and serves until SIGTERM or Ctrl-C. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the gateway until stopped by SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway YAML configuration.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Override state.dir from the configuration.")
    Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            CheckConfigCommand.report(spec.commandLine().getErr(), e);
            return ExitCodes.USAGE;
        }
        if (stateDir != null) {
            cfg = cfg.withStateDir(stateDir);
        }
        Gateway gateway = new Gateway(cfg);
        SignalStop signal = SignalStop.install(gateway::stop);
        try {
            gateway.start();
        } catch (Exception e) {
            log.error("gateway failed to start: {}", e.toString());
            signal.disarm();
            return ExitCodes.FAILURE;
        }
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }
}
