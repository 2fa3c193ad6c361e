package io.courtyard.sim;

import io.courtyard.runtime.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code courtyard-sim} command: emulates a compound's devices against a real gateway over
 * real sockets. Device emulators arrive with the adapters they exercise.
 */
@Command(
        name = "courtyard-sim",
        mixinStandardHelpOptions = true,
        versionProvider = SimMain.VersionProvider.class,
        description = "Device simulator for the Courtyard gateway.",
        subcommands = {
            io.courtyard.sim.demo.DemoCommand.class,
            io.courtyard.sim.load.OsdpLoadCommand.class,
            io.courtyard.sim.load.LprLoadCommand.class,
            io.courtyard.sim.load.MonitorLoadCommand.class,
            io.courtyard.sim.load.e2e.MixedLoadCommand.class,
            io.courtyard.sim.scenario.ScenarioCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SimMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version from the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"courtyard-sim " + Version.current()};
        }
    }
}
