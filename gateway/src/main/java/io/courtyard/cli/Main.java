package io.courtyard.cli;

import io.courtyard.ops.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code courtyard} command: entry point of the gateway jar. */
@Command(
        name = "courtyard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Edge gateway for residential compounds: gates, barriers and elevators.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, VersionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also a clean stop on SIGTERM)",
            "1:runtime failure",
            "2:bad usage or invalid configuration"
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        // picocli consults this mapper for parse errors too, so usage mistakes must map to USAGE here,
        // not only through exitCodeOnInvalidInput.
        return new CommandLine(new Main())
                .setExitCodeExceptionMapper(
                        e -> e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required: run, check-config or version");
    }

    /** Reads the version from the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"courtyard " + Version.current()};
        }
    }
}
