package io.courtyard.access;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window {@code [from, to)} in seconds of the site's local day. {@code to <= from} means
 * the window crosses midnight: {@code 22:00-06:00} opens at 22:00 and closes at 06:00 the next
 * day, which still counts as the window of the day it opened on (and of that day's type: a
 * Friday night window runs into Saturday, a holiday's night window into the next day).
 */
public record TimeWindow(int from, int to) {
    static final int DAY = 86_400;
    private static final Pattern TEXT =
            Pattern.compile("(\\d\\d):(\\d\\d)(?::(\\d\\d))?-(\\d\\d):(\\d\\d)(?::(\\d\\d))?");

    public TimeWindow {
        if (from < 0 || from >= DAY || to < 1 || to > DAY || from == to) {
            throw new IllegalArgumentException("window " + from + ".." + to + " s: from in 0..86399, to in 1..86400,"
                    + " and not equal (use 00:00-24:00 for the whole day)");
        }
    }

    /** Parses {@code HH:MM[:SS]-HH:MM[:SS]}; the end may be {@code 24:00}, a start of 24:00 is refused. */
    public static TimeWindow parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a window HH:MM-HH:MM (seconds optional), found '" + text + "'");
        }
        int from = seconds(m.group(1), m.group(2), m.group(3), false);
        int to = seconds(m.group(4), m.group(5), m.group(6), true);
        // 18:00-00:00 is the evening up to midnight, not a window crossing into the next day.
        return new TimeWindow(from, to == 0 ? DAY : to);
    }

    private static int seconds(String h, String m, String s, boolean end) {
        int hh = Integer.parseInt(h);
        int mm = Integer.parseInt(m);
        int ss = s == null ? 0 : Integer.parseInt(s);
        boolean ok = hh < 24 && mm < 60 && ss < 60 || end && hh == 24 && mm == 0 && ss == 0;
        if (!ok) {
            throw new IllegalArgumentException("not a time of day: " + h + ":" + m + (s == null ? "" : ":" + s));
        }
        return hh * 3600 + mm * 60 + ss;
    }

    public boolean crossesMidnight() {
        return to <= from;
    }

    @Override
    public String toString() {
        return time(from) + "-" + time(to);
    }

    private static String time(int s) {
        return s % 60 == 0
                ? String.format(Locale.ROOT, "%02d:%02d", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
