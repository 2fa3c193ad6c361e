package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --state-dir}, shared by every command that reads the gateway's configuration. */
final class ConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway YAML configuration.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Override state.dir from the configuration.")
    Path stateDir;

    /** The configuration, or null after its problems were reported (the caller exits 2). */
    GatewayConfig load(CommandLine.Model.CommandSpec spec) {
        return CliSupport.config(spec, config, stateDir);
    }
}
