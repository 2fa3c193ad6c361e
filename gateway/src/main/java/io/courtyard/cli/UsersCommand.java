package io.courtyard.cli;

import io.courtyard.http.auth.PasswordHash;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard users hash|token}: what {@code operators.users} and {@code operators.tokens} hold. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Make the password hashes and script tokens of the operators' logins.",
        subcommands = {UsersCommand.Hash.class, UsersCommand.Token.class})
final class UsersCommand implements Runnable {
    /** Short passwords fall to a guesser with the hash in hand, however slow the hash. */
    static final int MIN_PASSWORD = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: hash or token");
    }

    @Command(
            name = "hash",
            mixinStandardHelpOptions = true,
            description = {
                "Print the passwordHash of a password for operators.users: PBKDF2-HMAC-SHA256, "
                        + PasswordHash.ITERATIONS + " iterations, random salt.",
                "The password is asked for without echo (or read from standard input), never taken from the command line."
            })
    static final class Hash implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Interactive: prompted for without echo; only tests give it a value. */
        @Option(
                names = "--password",
                interactive = true,
                arity = "0..1",
                required = true,
                paramLabel = "PASSWORD",
                description = "Give the option without a value: the password is then asked for.")
        char[] password;

        @Override
        public Integer call() {
            try {
                if (password.length < MIN_PASSWORD) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--password: at least " + MIN_PASSWORD + " characters");
                }
                spec.commandLine().getOut().println(PasswordHash.hash(password));
                return ExitCodes.OK;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = {
                "Make a new bearer token for a script: prints the token (give it to the script, once) and the",
                "sha256 line for operators.tokens (the gateway keeps only that)."
            })
    static final class Token implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String t = PasswordHash.newToken();
            out.println("token:  " + t);
            out.println("sha256: " + PasswordHash.tokenSha256(t));
            return ExitCodes.OK;
        }
    }
}
