package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.SignalStop;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code courtyard run}: starts the gateway and serves until SIGTERM or Ctrl-C. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the gateway until stopped by SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    private final Assembly assembly;

    RunCommand(Assembly assembly) {
        this.assembly = assembly;
    }

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        Assembly.Running gateway = assembly.assemble(cfg);
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
