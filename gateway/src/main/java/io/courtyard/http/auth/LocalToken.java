package io.courtyard.http.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/**
 * The command line's key to the running gateway's API: a random token the gateway writes at start
 * into its state directory, readable only by its own user, and accepts only from loopback. Whoever
 * can read it can already open the gateway's database; nobody else can use the API without a login.
 */
public final class LocalToken {
    public static final String FILE = "operator-api.token";

    private final byte[] token;

    private LocalToken(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes a fresh token to {@code stateDir}, replacing the last run's. */
    public static LocalToken create(Path stateDir) throws IOException {
        String t = PasswordHash.newToken();
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, t, StandardCharsets.US_ASCII);
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new LocalToken(t);
    }

    /** The token the running gateway wrote, for the command line; null when there is none. */
    public static String read(Path stateDir) throws IOException {
        Path f = stateDir.resolve(FILE);
        return Files.isRegularFile(f)
                ? Files.readString(f, StandardCharsets.US_ASCII).strip()
                : null;
    }

    boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.US_ASCII));
    }
}
