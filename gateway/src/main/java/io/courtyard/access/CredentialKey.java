package io.courtyard.access;

import io.courtyard.runtime.PersonalData;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a reader or camera presented, in the one canonical form the access list is indexed by.
 * Written as {@code type:value} in the access-list format and on the command line:
 *
 * <ul>
 *   <li>{@code card:FORMAT/FACILITY/NUMBER}, e.g. {@code card:h10301/12/34567} (a decoded Wiegand card)
 *   <li>{@code raw:BITS/HEX}, e.g. {@code raw:26/0C0D7A40} (bits of an unknown format, MSB first,
 *       left-justified, zero-padded, upper-case hex of exactly ceil(BITS/8) bytes)
 *   <li>{@code plate:京A12345} (normalized by {@link PlateNormalizer})
 *   <li>{@code code:483920} (a visitor's keypad or QR code)
 * </ul>
 */
public record CredentialKey(Type type, String value) {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{4,64}");
    private static final Pattern HEX = Pattern.compile("[0-9A-F]{2,128}");

    /** The kind of credential; its {@code tag} is the prefix in the text form. */
    public enum Type {
        CARD,
        RAW,
        PLATE,
        CODE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CredentialKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Mixed, not the record's {@code 31 * type + value}: card numbers are issued in runs, so their
     * strings' hashes are runs too, and the snapshot's index ({@code Map.copyOf}, open addressing
     * with linear probing) turned those runs into long clusters that a lookup, above all a miss for
     * an unknown card, walked slot by slot: half of a decision's time. The multiplier spreads
     * neighbouring hashes across the table.
     */
    @Override
    public int hashCode() {
        int h = (value.hashCode() * 31 + type.ordinal()) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** A decoded card; format names the Wiegand layout, e.g. {@code h10301} for 26-bit. */
    public static CredentialKey card(String format, long facility, long number) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!isFormat(f) || facility < 0 || number < 0) {
            throw new IllegalArgumentException("card format must match [a-z0-9-]{1,16} and facility/number be >= 0,"
                    + " found " + format + "/" + facility + "/" + (number < 0 ? number : "…"));
        }
        return new CredentialKey(Type.CARD, f + "/" + facility + "/" + number);
    }

    /** Raw card bits (MSB first, left-justified in {@code bytes}) of a format nobody decoded. */
    public static CredentialKey raw(int bitCount, byte[] bytes) {
        int n = (bitCount + 7) / 8;
        if (bitCount < 1 || bitCount > 512 || bytes.length < n) {
            throw new IllegalArgumentException(
                    "raw card: 1..512 bits in ceil(bits/8) bytes, found " + bitCount + " bits in " + bytes.length);
        }
        StringBuilder sb = new StringBuilder(n * 2 + 4).append(bitCount).append('/');
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            // Bits past bitCount are padding: clear them so that two readers padding differently agree.
            if (i == n - 1 && bitCount % 8 != 0) {
                b &= 0xFF << (8 - bitCount % 8);
            }
            sb.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return new CredentialKey(Type.RAW, sb.toString());
    }

    /** A plate as a camera read it; null when it is not a plate (no plate, unreadable, foreign). */
    public static CredentialKey plate(String text) {
        return PlateNormalizer.normalize(text)
                .map(p -> new CredentialKey(Type.PLATE, p))
                .orElse(null);
    }

    public static CredentialKey code(String code) {
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("visitor code must be 4-64 letters, digits, '_' or '-'");
        }
        return new CredentialKey(Type.CODE, code);
    }

    /** Parses the {@code type:value} text form, normalizing it; the message names what is wrong. */
    public static CredentialKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected type:value with type card, raw, plate or code");
        }
        String type = text.substring(0, colon);
        String v = text.substring(colon + 1);
        switch (type) {
            case "card" -> {
                String[] p = v.split("/", -1);
                if (p.length != 3) {
                    throw new IllegalArgumentException("card must be card:FORMAT/FACILITY/NUMBER");
                }
                return card(p[0], number(p[1], "facility"), number(p[2], "number"));
            }
            case "raw" -> {
                int slash = v.indexOf('/');
                String hex = slash < 0 ? "" : v.substring(slash + 1).toUpperCase(Locale.ROOT);
                if (slash < 0 || !HEX.matcher(hex).matches() || hex.length() % 2 != 0) {
                    throw new IllegalArgumentException("raw must be raw:BITS/HEX with an even number of hex digits");
                }
                int bits = (int) number(v.substring(0, slash), "bit count");
                if ((bits + 7) / 8 != hex.length() / 2) {
                    throw new IllegalArgumentException(
                            "raw: " + bits + " bits need " + (bits + 7) / 8 * 2 + " hex digits, found " + hex.length());
                }
                byte[] bytes = new byte[hex.length() / 2];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
                }
                return raw(bits, bytes);
            }
            case "plate" -> {
                CredentialKey k = plate(v);
                if (k == null) {
                    throw new IllegalArgumentException("not a Chinese plate (7 characters, or 8 for new energy)");
                }
                return k;
            }
            case "code" -> {
                return code(v);
            }
            default -> throw new IllegalArgumentException(
                    "unknown credential type '" + type + "'; allowed: card, raw, plate, code");
        }
    }

    private static long number(String s, String what) {
        boolean ok = !s.isEmpty() && s.length() <= 18;
        for (int i = 0; ok && i < s.length(); i++) {
            ok = s.charAt(i) >= '0' && s.charAt(i) <= '9';
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " must be a decimal number");
        }
        return Long.parseLong(s);
    }

    /** {@code [a-z0-9-]{1,16}} without a regex: loading a list parses 100,000 of these. */
    private static boolean isFormat(String f) {
        if (f.isEmpty() || f.length() > 16) {
            return false;
        }
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The full text form: personal data, for the access list and audit only, never for logs. */
    public String text() {
        return type.tag() + ":" + value;
    }

    /** A form safe for logs and operator screens: enough to tell two apart, not to clone or track. */
    public String masked() {
        return switch (type) {
            case CARD -> {
                int slash = value.lastIndexOf('/');
                yield "card:" + value.substring(0, value.indexOf('/')) + "/"
                        + PersonalData.maskCard(value.substring(slash + 1));
            }
            case RAW -> "raw:" + value.substring(0, value.indexOf('/')) + "/"
                    + PersonalData.maskCard(value.substring(value.indexOf('/') + 1));
            case PLATE -> "plate:" + PersonalData.maskPlate(value);
                // Nothing of a code: a late PIN can arrive as one; two known digits cut guessing a hundredfold.
            case CODE -> "code:****";
        };
    }

    /** Masked, so that a stray log line of a record holding a key leaks nothing. */
    @Override
    public String toString() {
        return masked();
    }
}
