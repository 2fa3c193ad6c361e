package io.courtyard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code courtyard acl ...}: sign, import, show and explain access lists. */
@Command(
        name = "acl",
        mixinStandardHelpOptions = true,
        description = "Sign, import, inspect and explain the access list.",
        subcommands = {
            AclSignCommand.class,
            AclImportCommand.class,
            AclShowCommand.class,
            AclExplainCommand.class,
            AclPinHashCommand.class
        })
final class AclCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: sign, import, show, explain or pin-hash");
    }
}
