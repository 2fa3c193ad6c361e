package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --state-dir}, shared by every command that reads the gateway's configuration. */
final class ConfigOptions {
    /** Not picocli-required: the packaged {@code courtyard} command sets COURTYARD_CONFIG, so operators may omit it. */
    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:COURTYARD_CONFIG}",
            description = "The gateway YAML configuration (default: $COURTYARD_CONFIG, which the installed"
                    + " `courtyard` command sets to /etc/courtyard/courtyard.yaml).")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Override state.dir from the configuration.")
    Path stateDir;

    /** The configuration, or null after its problems were reported (the caller exits 2). */
    GatewayConfig load(CommandLine.Model.CommandSpec spec) {
        if (config == null) {
            throw new CliSupport.Usage(
                    spec.commandLine(), "Missing required option: '--config=FILE' (or set COURTYARD_CONFIG)");
        }
        return CliSupport.config(spec, config, stateDir);
    }
}
