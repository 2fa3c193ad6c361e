package io.courtyard.sim.compound;

import java.util.SplittableRandom;

/**
 * When people go out and come back, by role and kind of day, as weights per hour of the day: the
 * morning and evening peaks of workers and children on workdays, the elderly out early and riding home
 * before lunch, later and flatter days at weekends and on holidays.
 */
final class Rhythm {
    /** An outing: out at {@code outMinute}, back at {@code backMinute}, minutes of the day. */
    record Outing(int outMinute, int backMinute) {}

    //                                   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
    private static final int[] WORK_OUT = {0, 0, 0, 0, 0, 0, 1, 6, 9, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final int[] WORK_BACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 3, 8, 7, 4, 2, 1, 0};
    private static final int[] SCHOOL_OUT = {0, 0, 0, 0, 0, 0, 1, 9, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final int[] SCHOOL_BACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 6, 5, 2, 0, 0, 0, 0, 0};
    private static final int[] OFF_OUT = {0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 5, 3, 2, 2, 3, 3, 2, 1, 1, 1, 0, 0, 0, 0};
    private static final int[] OFF_BACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 4, 2, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0};
    private static final int[] ELDER_OUT = {0, 0, 0, 0, 0, 1, 5, 6, 4, 5, 3, 1, 0, 0, 1, 3, 3, 1, 0, 0, 0, 0, 0, 0};
    private static final int[] ELDER_BACK = {0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 6, 9, 6, 1, 0, 1, 2, 4, 3, 1, 0, 0, 0, 0};

    private Rhythm() {}

    /** How many times a person of {@code role} goes out on a day of {@code kind}: 0, 1 or 2. */
    static int outings(Role role, DayKind kind, SplittableRandom random) {
        int r = random.nextInt(100);
        return switch (role) {
            case WORKER, CHILD -> kind.off() ? (r < 25 ? 0 : r < 85 ? 1 : 2) : (r < 5 ? 0 : r < 80 ? 1 : 2);
            case ELDERLY -> r < 10 ? 0 : r < 45 ? 1 : 2;
            case STAFF, CREW -> 0;
        };
    }

    /** The {@code n}th outing of the day (0 or 1) of a person of {@code role}: back at least 20 minutes after out. */
    static Outing outing(Role role, DayKind kind, int n, SplittableRandom random) {
        int[] out;
        int[] back;
        if (role == Role.ELDERLY) {
            out = ELDER_OUT;
            back = ELDER_BACK;
        } else if (kind.off() || n > 0) {
            out = OFF_OUT;
            back = OFF_BACK;
        } else if (role == Role.CHILD) {
            out = SCHOOL_OUT;
            back = SCHOOL_BACK;
        } else {
            out = WORK_OUT;
            back = WORK_BACK;
        }
        int o = minute(out, random);
        int b = minute(back, random);
        if (b < o + 20) {
            // Back before out: an outing that starts late is a short one.
            b = Math.min(o + 20 + random.nextInt(90), 23 * 60 + 50);
        }
        return new Outing(o, b);
    }

    /** A minute of the day drawn from hourly weights. */
    static int minute(int[] hourly, SplittableRandom random) {
        int total = 0;
        for (int w : hourly) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int h = 0; h < hourly.length; h++) {
            r -= hourly[h];
            if (r < 0) {
                return h * 60 + random.nextInt(60);
            }
        }
        throw new IllegalStateException("weights sum to " + total);
    }
}
