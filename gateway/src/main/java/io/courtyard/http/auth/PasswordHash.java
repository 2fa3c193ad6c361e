package io.courtyard.http.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Operator passwords as PBKDF2-HMAC-SHA256 from the JDK, in the form {@code
 * pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64): a random 16-byte salt per password and OWASP's
 * current 600,000 iterations, compared in constant time.
 */
public final class PasswordHash {
    public static final int ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** A new hash of {@code password} with a fresh salt. */
    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return String.join(
                "$",
                PREFIX,
                Integer.toString(iterations),
                b64.encodeToString(salt),
                b64.encodeToString(derive(password, salt, iterations)));
    }

    /** Whether {@code password} is the one {@code stored} was made from; a malformed hash never matches. */
    public static boolean verify(char[] password, String stored) {
        String[] p = stored.split("\\$");
        if (p.length != 4 || !p[0].equals(PREFIX)) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(p[1]);
            salt = Base64.getDecoder().decode(p[2]);
            expected = Base64.getDecoder().decode(p[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1 || expected.length != HASH_BITS / 8) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    }

    /**
     * Burns the time of one verification: a login for a name nobody has costs what a wrong
     * password costs, so the answer's timing does not tell which names exist.
     */
    public static void verifyNobody(char[] password) {
        derive(password, DUMMY_SALT, ITERATIONS);
    }

    private static final byte[] DUMMY_SALT = new byte[SALT_BYTES];

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The SHA-256 of a script token, as {@code operators.tokens[].sha256} holds it. */
    public static String tokenSha256(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).toLowerCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A new random token for a script: 32 bytes, URL-safe base64. */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Arrays.fill(b, (byte) 0);
        return t;
    }
}
