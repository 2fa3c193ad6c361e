package io.courtyard.runtime;

/**
 * Masks card numbers and plates for logs and operator output: enough to tell two apart on a
 * shift, never enough to clone a card or track a car.
 */
public final class PersonalData {
    private PersonalData() {}

    /**
     * {@code 1234567890} → {@code ****7890}; numbers of eight digits or fewer keep only two, of
     * four or fewer none. The mask has a fixed width so that it does not reveal the length.
     */
    public static String maskCard(String number) {
        if (number == null || number.isEmpty()) {
            return "****";
        }
        int keep = number.length() > 8 ? 4 : number.length() > 4 ? 2 : 0;
        return "****" + number.substring(number.length() - keep);
    }

    /** {@code 京A12345} → {@code 京A***45}: province and city letter stay, the middle goes. */
    public static String maskPlate(String plate) {
        if (plate == null || plate.codePointCount(0, plate.length()) < 5) {
            return "***";
        }
        int[] cps = plate.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        sb.appendCodePoint(cps[0]).appendCodePoint(cps[1]);
        sb.append("*".repeat(cps.length - 4));
        sb.appendCodePoint(cps[cps.length - 2]).appendCodePoint(cps[cps.length - 1]);
        return sb.toString();
    }
}
