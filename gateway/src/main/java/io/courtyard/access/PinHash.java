package io.courtyard.access;

import io.courtyard.config.PinKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A holder's PIN as the access list carries it ({@code pinHash}), over {@code HOLDERID:PIN} in
 * UTF-8:
 *
 * <ul>
 *   <li>keyed, list format 2: {@code hmac-sha256:KEYID:HEX}, HMAC-SHA256 under the site's
 *       {@link PinKey} whose id is {@code KEYID}. Without the key, a copy of the list reveals no
 *       PIN.
 *   <li>unkeyed, list format 1: 64 hex digits of SHA-256. Ten to the sixth guesses recover a
 *       6-digit PIN in a fraction of a second; still checked while such a list is in force.
 * </ul>
 *
 * Every comparison takes the same time whatever matched, so response timing reveals nothing of a
 * PIN.
 */
public final class PinHash {
    public static final String KEYED_PREFIX = "hmac-sha256:";
    private static final Pattern UNKEYED = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEYED = Pattern.compile("hmac-sha256:[0-9a-f]{16}:[0-9a-f]{64}");

    private PinHash() {}

    /** True for the format-1 form. */
    public static boolean unkeyed(String pinHash) {
        return UNKEYED.matcher(pinHash).matches();
    }

    /** True for the format-2 form. */
    public static boolean keyed(String pinHash) {
        return KEYED.matcher(pinHash).matches();
    }

    /** The id of the key a keyed hash was made with. */
    public static String keyId(String keyedHash) {
        return keyedHash.substring(KEYED_PREFIX.length(), KEYED_PREFIX.length() + 16);
    }

    /** The keyed {@code pinHash} of a holder's PIN, as the platform (or {@code acl pin-hash}) writes it. */
    public static String keyed(PinKey key, String holderId, String pin) {
        return KEYED_PREFIX + key.id() + ":" + HexFormat.of().formatHex(key.mac(message(holderId, pin)));
    }

    /** The unkeyed form, as format-1 lists carried it (tests of the transition). */
    public static String unkeyed(String holderId, String pin) {
        return HexFormat.of().formatHex(sha256(message(holderId, pin)));
    }

    /**
     * Whether {@code pin} is the holder's. A keyed hash needs {@code key} (null: this gateway has
     * none) with the hash's key id; without it nothing matches.
     */
    public static boolean matches(String pinHash, String holderId, String pin, PinKey key) {
        byte[] got;
        byte[] want;
        if (keyed(pinHash)) {
            if (key == null || !key.id().equals(keyId(pinHash))) {
                return false;
            }
            want = HexFormat.of().parseHex(pinHash, KEYED_PREFIX.length() + 17, pinHash.length());
            got = key.mac(message(holderId, pin));
        } else if (unkeyed(pinHash)) {
            want = HexFormat.of().parseHex(pinHash);
            got = sha256(message(holderId, pin));
        } else {
            return false;
        }
        // Constant time: the timing of a refusal must not tell how much of the PIN was right.
        return MessageDigest.isEqual(want, got);
    }

    /** Why a holder's PIN cannot match at all, for the decision's rule text; empty when it could. */
    static String unusable(Holder h, PinKey key) {
        String p = h.pinHash();
        if (p == null) {
            return " (holder " + h.id() + " has no PIN)";
        }
        if (keyed(p) && key == null) {
            return " (keyed with PIN key " + keyId(p) + ", but this gateway has no acl.pinKey)";
        }
        if (keyed(p) && !key.id().equals(keyId(p))) {
            return " (keyed with PIN key " + keyId(p) + ", this gateway holds " + key.id() + ")";
        }
        return "";
    }

    private static byte[] message(String holderId, String pin) {
        return (holderId + ":" + pin).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
