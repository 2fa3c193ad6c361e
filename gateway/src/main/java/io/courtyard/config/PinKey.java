package io.courtyard.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The site's PIN key: a secret of 32 to 64 random bytes shared by the platform and this gateway
 * only, provisioned outside the access list ({@code acl.pinKeyFile}). Access lists carry PINs as
 * HMAC-SHA256 under it, so a copy of a list (broker, backup) reveals no PIN without the key. The
 * key never leaves this object: it computes MACs and prints as {@code PinKey[id]}.
 */
public final class PinKey {
    public static final int MIN_BYTES = 32;
    public static final int MAX_BYTES = 64;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    /** What the key id is a MAC of: names the key without revealing anything about it. */
    private static final byte[] ID_LABEL = "courtyard-pin-key-id".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final String id;

    private PinKey(byte[] key) {
        this.key = key;
        this.id = HexFormat.of().formatHex(mac(ID_LABEL), 0, 8);
    }

    /**
     * Reads hex (64 to 128 digits) or base64 of 32 to 64 bytes; the message names the form found,
     * never the key.
     */
    public static PinKey parse(String text) {
        String t = text.strip();
        byte[] k;
        if (HEX.matcher(t).matches() && t.length() % 2 == 0) {
            k = HexFormat.of().parseHex(t);
        } else {
            try {
                k = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "expected 32 to 64 random bytes as hex or base64, found neither (courtyard keys pin-key writes one)");
            }
        }
        if (k.length < MIN_BYTES || k.length > MAX_BYTES) {
            throw new IllegalArgumentException("expected 32 to 64 random bytes, found " + k.length
                    + " (a short or typed secret can be guessed; courtyard keys pin-key writes one)");
        }
        return new PinKey(k);
    }

    /** A new random key, hex, as {@code courtyard keys pin-key} writes it. */
    public static String generate() {
        byte[] k = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(k);
        return HexFormat.of().formatHex(k);
    }

    /** Names the key in lists, logs and refusals: the first 8 bytes of its MAC of a fixed label, hex. */
    public String id() {
        return id;
    }

    /** HMAC-SHA256 of {@code message} under this key. */
    public byte[] mac(byte[] message) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "PinKey[" + id + "]";
    }
}
