package io.courtyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import io.courtyard.command.Arg;
import io.courtyard.command.CommandService;
import io.courtyard.command.CommandType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courtyard cmd sign}: builds and signs one remote command, as the platform would, with the
 * access-list key; prints the message to publish on {@code {prefix}/{siteId}/cmd}.
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Sign one remote command with an Ed25519 private key and print it (compact JSON), ready to publish",
            "on {prefix}/{siteId}/cmd. The sequence is given (--seq) or taken from a file that holds the last",
            "one used (--seq-file), which is then advanced. Types and their members:",
            "  open --device ID | emergency --mode fire|lockdown --action raise|clear | acl-resync |",
            "  anti-passback-reset [--subject holder:ID] [--area zone:ID|pair:ID] | bus-restart --bus ID |",
            "  device-reset --device PD | display --device BARRIER --text TEXT [--seconds N] |",
            "  monitor-status --device MONITOR"
        })
final class CmdSignCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "Private key (PEM, from keys generate).")
    Path key;

    @Option(
            names = "--public-key",
            paramLabel = "FILE",
            description = "Public key, for the message's keyId (default: the .pub beside --key, if any).")
    Path publicKey;

    @Option(names = "--site", required = true, paramLabel = "ID", description = "The gateway's site id.")
    String site;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The command type (see above).")
    String type;

    @CommandLine.ArgGroup(multiplicity = "1")
    Sequence sequence;

    /** Exactly one source of the sequence. */
    static final class Sequence {
        @Option(names = "--seq", paramLabel = "N", description = "The sequence number, above the last one accepted.")
        Long seq;

        @Option(
                names = "--seq-file",
                paramLabel = "FILE",
                description = "A file holding the last sequence used for the site (0 when absent): signs with the"
                        + " next one and writes it back.")
        Path file;
    }

    @Option(names = "--nonce", paramLabel = "TEXT", description = "Default: 32 random hex digits.")
    String nonce;

    @Option(names = "--issued-at", paramLabel = "INSTANT", description = "Default: now, e.g. 2026-03-01T08:00:00Z.")
    Instant issuedAt;

    @Option(
            names = "--valid-for",
            defaultValue = "PT2M",
            paramLabel = "DURATION",
            description = "How long it stays valid, ISO-8601, at most PT10M (default PT2M).")
    Duration validFor;

    @Option(names = "--device", paramLabel = "ID")
    String device;

    @Option(names = "--bus", paramLabel = "ID")
    String bus;

    @Option(names = "--mode", paramLabel = "fire|lockdown")
    String mode;

    @Option(names = "--action", paramLabel = "raise|clear")
    String action;

    @Option(names = "--subject", paramLabel = "KIND:ID")
    String subject;

    @Option(names = "--area", paramLabel = "zone:ID|pair:ID")
    String area;

    @Option(names = "--text", paramLabel = "TEXT")
    String text;

    @Option(names = "--seconds", paramLabel = "N")
    Long seconds;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        try {
            return sign();
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private int sign() throws IOException {
        CommandType t = CommandType.of(type);
        if (t == null) {
            throw new CliSupport.Usage(
                    spec.commandLine(),
                    "--type: no command type '" + type + "'; known: "
                            + Arrays.stream(CommandType.values())
                                    .map(CommandType::wire)
                                    .collect(Collectors.joining(", ")));
        }
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(CommandService.MAX_VALIDITY) > 0) {
            throw new CliSupport.Usage(spec.commandLine(), "--valid-for: from PT1S to PT10M, found " + validFor);
        }
        ObjectNode payload = payload(t);
        PrivateKey k = Keys.readPrivate(key);
        Path pub = publicKey != null ? publicKey : AclSignCommand.sibling(key);
        String keyId = pub != null && Files.isRegularFile(pub) ? Keys.keyId(Keys.readPublic(pub)) : null;
        long seq = sequence.seq != null ? sequence.seq : SequenceFile.next(sequence.file);
        if (seq < 1) {
            throw new CliSupport.Usage(spec.commandLine(), "--seq: from 1, found " + seq);
        }
        payload.put("seq", seq);
        byte[] message = SignedBundle.sign(CommandService.DOMAIN, payload, k, keyId);
        if (output == null) {
            spec.commandLine().getOut().println(new String(message, StandardCharsets.UTF_8));
        } else {
            Files.write(output, message);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%s: %s, sequence %d, nonce %s, expires %s%n",
                            output,
                            t.wire(),
                            seq,
                            payload.path("nonce").asText(),
                            payload.path("expiresAt").asText());
        }
        return ExitCodes.OK;
    }

    /** The payload without its sequence, every member checked as the gateway will check it. */
    private ObjectNode payload(CommandType t) {
        Instant issued = issuedAt != null ? issuedAt : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String n = nonce != null ? nonce : HexFormat.of().formatHex(random(16));
        ObjectNode p = JSON.createObjectNode()
                .put("type", t.wire())
                .put("site", site)
                .put("nonce", n)
                .put("issuedAt", issued.toString())
                .put("expiresAt", issued.plus(validFor).toString());
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("device", device);
        given.put("bus", bus);
        given.put("mode", mode);
        given.put("action", action);
        given.put("subject", subject);
        given.put("area", area);
        given.put("text", text);
        given.put("seconds", seconds);
        for (Arg a : t.args()) {
            Object v = given.remove(a.name());
            if (v == null) {
                if (a.required()) {
                    throw new CliSupport.Usage(spec.commandLine(), t.wire() + " needs --" + a.name());
                }
                continue;
            }
            String problem = a.problem(v.toString());
            if (problem != null) {
                throw new CliSupport.Usage(spec.commandLine(), "--" + a.name() + ": " + problem);
            }
            if (v instanceof Long l) {
                p.put(a.name(), l);
            } else {
                p.put(a.name(), v.toString());
            }
        }
        given.forEach((name, v) -> {
            if (v != null) {
                throw new CliSupport.Usage(spec.commandLine(), t.wire() + " takes no --" + name);
            }
        });
        if (t == CommandType.ANTI_PASSBACK_RESET && subject == null && area == null) {
            throw new CliSupport.Usage(spec.commandLine(), "anti-passback-reset needs --subject, --area or both");
        }
        return p;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
