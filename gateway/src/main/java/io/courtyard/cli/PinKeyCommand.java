package io.courtyard.cli;

import io.courtyard.config.PinKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard keys pin-key}: a new site PIN key, for the platform and the gateway's {@code acl.pinKeyFile}. */
@Command(
        name = "pin-key",
        mixinStandardHelpOptions = true,
        description = {
            "Write a new random PIN key (32 bytes, hex) to FILE, mode 0600.",
            "The platform keys the site's PIN hashes with it; the gateway reads it as acl.pinKeyFile."
        })
final class PinKeyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The key file to create.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String key = PinKey.generate();
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            // Created unreadable by others from the start, never chmod-ed afterwards.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println(file + ": exists; refusing to overwrite a key");
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot write the key: " + e);
            return ExitCodes.FAILURE;
        }
        out.printf(
                Locale.ROOT,
                "PIN key: %s (mode 0600, key id %s)%n",
                file,
                PinKey.parse(key).id());
        out.printf(
                Locale.ROOT,
                "give it to the platform for this site only, and install it on the gateway as"
                        + " /etc/courtyard/secrets/pin-key (0640 root:courtyard):%n  acl:%n    pinKeyFile: secrets/pin-key%n");
        return ExitCodes.OK;
    }
}
