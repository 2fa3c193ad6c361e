package io.courtyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.AclFormatException;
import io.courtyard.acl.AclMessage;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import io.courtyard.config.PinKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courtyard acl sign}: turns a snapshot or delta document into a signed bundle. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Sign a snapshot or delta payload (JSON) with an Ed25519 private key and write the bundle.",
            "issuedAt and expiresAt are filled in when the payload has none."
        })
final class AclSignCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "PAYLOAD",
            description = "The payload JSON: type, site, version, entries or upserts/removals.")
    Path input;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "Private key (PEM, from keys generate).")
    Path key;

    @Option(
            names = "--public-key",
            paramLabel = "FILE",
            description = "Public key, for the bundle's keyId (default: the .pub beside --key, if any).")
    Path publicKey;

    @Option(
            names = "--valid-for",
            defaultValue = "P7D",
            paramLabel = "DURATION",
            description = "Expiry when the payload has none, ISO-8601 (default P7D; PT1H is one hour).")
    Duration validFor;

    @Option(
            names = "--pin-key",
            paramLabel = "FILE",
            description = "The site's PIN key: check that every PIN hash is keyed with it (format 2).")
    Path pinKey;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            JsonNode payload = SignedBundle.readPayload(Files.readAllBytes(input));
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            ObjectNode p = (ObjectNode) payload;
            if (!p.has("issuedAt")) {
                p.put("issuedAt", now.toString());
            }
            if (!p.has("expiresAt")) {
                p.put("expiresAt", now.plus(validFor).toString());
            }
            AclMessage m = AclMessage.parse(p);
            if (pinKey != null) {
                String problem =
                        AclMessage.pinProblem(m, PinKey.parse(Files.readString(pinKey, StandardCharsets.US_ASCII)));
                if (problem != null) {
                    err.println(input + ": " + problem);
                    return ExitCodes.USAGE;
                }
            }
            PrivateKey k = Keys.readPrivate(key);
            Path pub = publicKey != null ? publicKey : sibling(key);
            String keyId = pub != null && Files.isRegularFile(pub) ? Keys.keyId(Keys.readPublic(pub)) : null;
            byte[] bundle = SignedBundle.sign(p, k, keyId);
            if (output == null) {
                spec.commandLine().getOut().print(new String(bundle, StandardCharsets.UTF_8));
                spec.commandLine().getOut().println();
            } else {
                Files.write(output, bundle);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "%s: signed %s for site %s, expires %s%s%n",
                                output,
                                m.summary(),
                                m.site(),
                                m.expiresAt(),
                                keyId == null ? "" : ", key " + keyId);
            }
            return ExitCodes.OK;
        } catch (AclFormatException e) {
            err.println(input + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    static Path sibling(Path privateKey) {
        String n = privateKey.getFileName().toString();
        return privateKey.resolveSibling((n.endsWith(".key") ? n.substring(0, n.length() - 4) : n) + ".pub");
    }
}
