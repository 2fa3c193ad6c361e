package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.SignalStop;
import io.courtyard.runtime.SimulatedClock;
import java.time.Clock;
import java.time.Instant;
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

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(
            names = "--simulated-clock",
            paramLabel = "INSTANT",
            description = "Rehearsals only: start the gateway's clock at this ISO-8601 instant (refused unless the"
                    + " site configuration says simulation: true).")
    Instant simulatedStart;

    @Option(
            names = "--clock-speed",
            paramLabel = "N",
            defaultValue = "1",
            description = "With --simulated-clock: N times real time, 1.." + (long) SimulatedClock.MAX_SPEED + ".")
    double clockSpeed;

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
        Clock clock;
        if (simulatedStart == null) {
            if (clockSpeed != 1) {
                spec.commandLine().getErr().println("--clock-speed: needs --simulated-clock");
                return ExitCodes.USAGE;
            }
            clock = Clock.systemUTC();
        } else if (!cfg.site().simulation()) {
            // Checked again where the gateway admits its clock; said here in the operator's terms.
            spec.commandLine()
                    .getErr()
                    .println(options.config + ": site.simulation: not true, so --simulated-clock is refused"
                            + " (a real compound always runs on the system clock)");
            return ExitCodes.USAGE;
        } else {
            try {
                clock = SimulatedClock.startingAt(simulatedStart, clockSpeed);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("--clock-speed: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        Assembly.Running gateway = assembly.assemble(cfg, clock);
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
