package io.courtyard.access;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalizes Chinese vehicle plates as cameras and operators write them into one canonical form:
 * upper case, half-width, no separators; the serial part never holds I or O (GA 36-2018 leaves
 * them out precisely because they read as 1 and 0), so a camera's I/O there is mapped to 1/0.
 *
 * <p>Accepted: the 7-character plate ({@code 京A12345}, or four serial characters and a
 * 挂/学/警/港/澳 suffix) and the 8-character new-energy plates, small ({@code 京AD12345}: an energy
 * letter, one letter or digit, four digits) and large ({@code 京A12345D}: five digits, then the
 * energy letter).
 */
public final class PlateNormalizer {
    /** The 31 province-level abbreviations of the mainland. */
    static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    private static final String P = "[" + PROVINCES + "]";
    private static final String SERIAL_CHAR = "[A-HJ-NP-Z0-9]";
    /** 2022 rules: D, A, B, C, E for battery-electric; F, G, H, J, K for other new-energy cars. */
    private static final String NEV = "[ABCDEFGHJK]";

    private static final Pattern STANDARD = Pattern.compile(P + "[A-Z]" + SERIAL_CHAR + "{5}");
    private static final Pattern SUFFIXED = Pattern.compile(P + "[A-Z]" + SERIAL_CHAR + "{4}[挂学警港澳]");
    private static final Pattern NEW_ENERGY_SMALL = Pattern.compile(P + "[A-Z]" + NEV + SERIAL_CHAR + "[0-9]{4}");
    private static final Pattern NEW_ENERGY_LARGE = Pattern.compile(P + "[A-Z][0-9]{5}" + NEV);

    private PlateNormalizer() {}

    /** The canonical plate, or empty when the text is not a plate this gateway knows. */
    public static Optional<String> normalize(String text) {
        if (text == null || text.length() > 32) {
            return Optional.empty();
        }
        String plate = clean(text);
        StringBuilder sb = new StringBuilder(plate);
        for (int i = 2; i < sb.length(); i++) {
            char c = sb.charAt(i);
            sb.setCharAt(i, c == 'O' ? '0' : c == 'I' ? '1' : c);
        }
        return valid(sb.toString()) ? Optional.of(sb.toString()) : Optional.empty();
    }

    /**
     * The text as a camera or an IME may write it, made comparable: full-width ASCII to half-width,
     * lower case to upper case, separators dropped; nothing else (no I/O mapping, no check).
     */
    static String clean(String text) {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0); // full-width ASCII, as some cameras and IMEs send it
            }
            if (c == ' ' || c == '\u3000' || c == '·' || c == '•' || c == '・' || c == '-' || c == '.') {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 32);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean valid(String plate) {
        return plate.length() == 7
                ? STANDARD.matcher(plate).matches() || SUFFIXED.matcher(plate).matches()
                : plate.length() == 8
                        && (NEW_ENERGY_SMALL.matcher(plate).matches()
                                || NEW_ENERGY_LARGE.matcher(plate).matches());
    }

    /** True for the 8-character new-energy (green) plates. */
    public static boolean isNewEnergy(String normalized) {
        return normalized.length() == 8;
    }
}
