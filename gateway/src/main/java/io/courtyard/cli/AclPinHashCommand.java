package io.courtyard.cli;

import io.courtyard.access.PinHash;
import io.courtyard.config.PinKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courtyard acl pin-hash}: a holder's keyed PIN hash, as a format 2 list carries it. */
@Command(
        name = "pin-hash",
        mixinStandardHelpOptions = true,
        description = {
            "Print the pinHash of a holder's PIN for a format 2 access list: HMAC-SHA256 under the site's PIN key.",
            "The PIN is asked for without echo (or read from standard input), never taken from the command line."
        })
final class AclPinHashCommand implements Callable<Integer> {
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "HOLDER", description = "The holder's id in the list.")
    String holder;

    @Option(
            names = "--pin-key",
            required = true,
            paramLabel = "FILE",
            description = "The site's PIN key (keys pin-key writes one).")
    Path keyFile;

    /** Interactive: prompted for without echo; only tests give it a value. */
    @Option(
            names = "--pin",
            interactive = true,
            arity = "0..1",
            required = true,
            paramLabel = "PIN",
            description = "Give the option without a value: the PIN is then asked for.")
    char[] pin;

    @Override
    public Integer call() {
        PinKey key;
        try {
            key = PinKey.parse(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(keyFile + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String p = new String(pin).strip();
        Arrays.fill(pin, '\0');
        if (!PIN.matcher(p).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pin: a PIN is 4 to 12 digits");
        }
        if (!ID.matcher(holder).matches()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "HOLDER: an id is 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        spec.commandLine().getOut().println(PinHash.keyed(key, holder, p));
        return ExitCodes.OK;
    }
}
