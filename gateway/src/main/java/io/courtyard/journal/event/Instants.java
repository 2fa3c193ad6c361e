package io.courtyard.journal.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads instants as {@link Instant#toString} writes them ({@code 2026-03-01T08:15:30.120Z}: UTC,
 * seconds always, 0 to 9 fraction digits) without the general ISO parser, which is a third of
 * decoding a body that has a time; anything else goes to {@link Instant#parse}. Writes them as
 * {@link Instant#toString} does, character for character, without its {@code DateTimeFormatter}:
 * the uplink writes two per event in its envelope (a tenth of the sink thread's time, JFR).
 */
public final class Instants {
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: four-digit years, no sign. */
    private static final long FIRST = -62_167_219_200L;

    private static final long END = 253_402_300_800L;

    private Instants() {}

    /** {@code t.toString()}: the fraction in groups of three digits (none, milli, micro, nano). */
    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            return t.toString();
        }
        int nano = t.getNano();
        int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        char[] c = new char[20 + (digits == 0 ? 0 : digits + 1)];
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3_600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        if (digits > 0) {
            c[19] = '.';
            int scaled = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
            put(c, 20, scaled, digits);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static Instant parse(String s) {
        int n = s.length();
        if (n < 20
                || n > 30
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(n - 1) != 'Z') {
            return Instant.parse(s);
        }
        try {
            int nanos = 0;
            if (n > 20) {
                if (s.charAt(19) != '.' || n == 21) {
                    return Instant.parse(s);
                }
                int digits = n - 21;
                nanos = digits(s, 20, n - 1);
                for (int i = digits; i < 9; i++) {
                    nanos *= 10;
                }
            }
            long days = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10))
                    .toEpochDay();
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            if (hour > 23 || minute > 59 || second > 59) {
                return Instant.parse(s);
            }
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
        } catch (NumberFormatException | DateTimeException e) {
            throw new DateTimeParseException("not an instant", s, 0, e);
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
