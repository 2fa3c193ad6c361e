package io.courtyard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code courtyard cmd ...}: remote commands as the platform sends them. */
@Command(
        name = "cmd",
        mixinStandardHelpOptions = true,
        description = "Sign remote commands for a gateway's {prefix}/{siteId}/cmd topic.",
        subcommands = {CmdSignCommand.class})
final class CmdCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: sign");
    }
}
