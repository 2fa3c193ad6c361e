package io.courtyard.cli;

import io.courtyard.runtime.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code courtyard version}: prints the version, Java runtime and OS. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print version information.")
final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .printf(
                        java.util.Locale.ROOT,
                        "courtyard %s (Java %s, %s %s)%n",
                        Version.current(),
                        Runtime.version(),
                        System.getProperty("os.name"),
                        System.getProperty("os.arch"));
        return ExitCodes.OK;
    }
}
