package io.courtyard.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads Ed25519 public keys in the forms an operator meets: a PEM file ({@code BEGIN PUBLIC KEY}),
 * the base64 of its DER (X.509 SubjectPublicKeyInfo, 44 bytes), or the base64 of the raw 32-byte key.
 */
public final class PublicKeys {
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4); the raw key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private PublicKeys() {}

    /** Decodes PEM or base64 text; the message says what was wrong, never echoing more than the form. */
    public static PublicKey ed25519(String text) {
        String body = text.strip();
        if (body.startsWith("-----BEGIN")) {
            if (!body.startsWith("-----BEGIN PUBLIC KEY-----")) {
                throw new IllegalArgumentException(
                        "expected a PEM 'PUBLIC KEY', found another PEM type" + " (is this the private key?)");
            }
            int end = body.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw new IllegalArgumentException("PEM without its END PUBLIC KEY line");
            }
            body = body.substring("-----BEGIN PUBLIC KEY-----".length(), end);
        }
        byte[] der;
        try {
            // Strict: the MIME decoder would skip any stray character and decode something else.
            der = Base64.getDecoder().decode(body.replaceAll("\\s+", "").getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
        if (der.length == 32) {
            byte[] full = new byte[X509_PREFIX.length + 32];
            System.arraycopy(X509_PREFIX, 0, full, 0, X509_PREFIX.length);
            System.arraycopy(der, 0, full, X509_PREFIX.length, 32);
            der = full;
        }
        if (der.length != 44) {
            throw new IllegalArgumentException(
                    "an Ed25519 public key is 32 bytes raw or 44 bytes DER, found " + der.length + " bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
        }
    }

    /** The base64 DER form, one line, as {@code acl.publicKey} takes it. */
    public static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
