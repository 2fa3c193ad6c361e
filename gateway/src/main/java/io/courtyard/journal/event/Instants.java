package io.courtyard.journal.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads instants as {@link Instant#toString} writes them ({@code 2026-03-01T08:15:30.120Z}: UTC,
 * seconds always, 0 to 9 fraction digits) without the general ISO parser, which is a third of
 * decoding a body that has a time; anything else goes to {@link Instant#parse}.
 */
final class Instants {
    private Instants() {}

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
