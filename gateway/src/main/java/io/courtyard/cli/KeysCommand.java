package io.courtyard.cli;

import io.courtyard.acl.Keys;
import io.courtyard.config.PublicKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard keys generate|pin-key}: the keys of access lists. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manage the Ed25519 keys that sign access lists, and a site's PIN key.",
        subcommands = {KeysCommand.Generate.class, PinKeyCommand.class})
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: generate or pin-key");
    }

    /** Writes NAME.key (private, 0600) and NAME.pub and prints the config line for the public key. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = "Write a new key pair: DIR/NAME.key (private, mode 0600) and DIR/NAME.pub (public).")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two files.")
        Path dir;

        @Option(
                names = "--name",
                defaultValue = "acl",
                paramLabel = "NAME",
                description = "File name stem (default: acl).")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path priv = dir.resolve(name + ".key");
            Path pub = dir.resolve(name + ".pub");
            KeyPair pair = Keys.generate();
            try {
                Keys.write(pair, priv, pub);
            } catch (FileAlreadyExistsException e) {
                spec.commandLine().getErr().println(e.getFile() + ": exists; refusing to overwrite a key");
                return ExitCodes.FAILURE;
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot write the keys: " + e);
                return ExitCodes.FAILURE;
            }
            out.printf(
                    Locale.ROOT, "private key: %s (mode 0600; keep it with the platform, never on a gateway)%n", priv);
            out.printf(Locale.ROOT, "public key:  %s (key id %s)%n", pub, Keys.keyId(pair.getPublic()));
            out.printf(
                    Locale.ROOT,
                    "gateway configuration:%n  acl:%n    publicKey: %s%n",
                    PublicKeys.base64(pair.getPublic()));
            return ExitCodes.OK;
        }
    }
}
