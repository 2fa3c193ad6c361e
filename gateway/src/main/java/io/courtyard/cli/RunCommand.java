package io.courtyard.cli;

import ch.qos.logback.classic.LoggerContext;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.ops.Gateway;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final AtomicBoolean FAILED_START = new AtomicBoolean();

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
        // Registered before start so that a SIGTERM during startup still stops what has started.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(gateway), "shutdown"));
        try {
            gateway.start();
        } catch (Exception e) {
            log.error("gateway failed to start: {}", e.toString());
            FAILED_START.set(true);
            return ExitCodes.FAILURE;
        }
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    /**
     * SIGTERM is how systemd and operators stop us, so a clean stop is a success: after the
     * ordered stop the hook flushes the logs and halts with 0 instead of the JVM's 143.
     */
    private static void stopOnSignal(Gateway gateway) {
        if (FAILED_START.get()) {
            return; // exiting with FAILURE already; nothing is running
        }
        int code = ExitCodes.OK;
        try {
            gateway.stop();
        } catch (RuntimeException e) {
            log.error("stop failed: {}", e.toString());
            code = ExitCodes.FAILURE;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.stop();
        }
        Runtime.getRuntime().halt(code);
    }
}
