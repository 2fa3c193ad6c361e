package io.courtyard.cli;

import io.courtyard.runtime.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code courtyard} command tree. The jar's entry point ({@code ops.Courtyard}) hands it the
 * gateway's assembly for {@code run}; every other command works without it.
 */
@Command(
        name = "courtyard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Edge gateway for residential compounds: gates, barriers and elevators.",
        subcommands = {
            CheckConfigCommand.class,
            AclCommand.class,
            CmdCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            BillCommand.class,
            FaultsCommand.class,
            UsageCommand.class,
            KeysCommand.class,
            UsersCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also a clean stop on SIGTERM)",
            "1:runtime failure",
            "2:bad usage or invalid configuration"
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The entry point's {@code main}: an offline command first turns the gateway's log lines off for
     * this JVM (its own process), then runs as {@link #execute}.
     */
    public static int main(Assembly assembly, String... args) {
        CliSupport.quietLogs(args);
        return execute(assembly, args);
    }

    /**
     * Runs the command line and returns the exit code, leaving the JVM's logging as it is: for callers
     * inside another process (tests, the simulator's bill checks), whose logs an offline command must
     * not silence.
     */
    public static int execute(Assembly assembly, String... args) {
        return commandLine(assembly).execute(args);
    }

    static CommandLine commandLine(Assembly assembly) {
        // picocli consults this mapper for parse errors too, so usage mistakes must map to USAGE here,
        // not only through exitCodeOnInvalidInput.
        CommandLine cli = new CommandLine(new Main())
                .setExitCodeExceptionMapper(
                        e -> e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        return cli.addSubcommand("run", new RunCommand(assembly));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is required: run, check-config, acl, cmd, backup, restore, bill, faults, usage, keys or version");
    }

    /** Reads the version from the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"courtyard " + Version.current()};
        }
    }
}
