package io.courtyard.sim.load.e2e;

import java.util.Locale;

/**
 * The share of each device event in a mixed load: OSDP card reads, camera pushes, monitor
 * publishes, as non-negative weights ({@code cards=1,pushes=1,monitor=8} is 10 %, 10 %, 80 %).
 * Events are dealt in this proportion by a smooth weighted round robin, so every second of a run
 * carries the mix, not just the whole run.
 */
public record Mix(int cards, int pushes, int monitor) {
    /** The three sources, in the order the mix names them. */
    public enum Source {
        CARD,
        PUSH,
        MONITOR
    }

    public Mix {
        if (cards < 0 || pushes < 0 || monitor < 0 || cards + pushes + monitor == 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "--mix: weights must be >= 0 and not all 0, found cards=%d,pushes=%d,monitor=%d",
                    cards,
                    pushes,
                    monitor));
        }
    }

    /** {@code cards=N,pushes=N,monitor=N}, any order, a missing source weighing 0. */
    public static Mix parse(String text) {
        int c = 0;
        int p = 0;
        int m = 0;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            int w;
            try {
                w = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : -1;
            } catch (NumberFormatException e) {
                w = -1;
            }
            if (w < 0) {
                throw new IllegalArgumentException("--mix: '" + part.trim()
                        + "' is not NAME=WEIGHT with a whole number >= 0 (e.g. cards=1,pushes=1,monitor=8)");
            }
            switch (kv[0].trim()) {
                case "cards" -> c = w;
                case "pushes" -> p = w;
                case "monitor" -> m = w;
                default -> throw new IllegalArgumentException(
                        "--mix: unknown source '" + kv[0].trim() + "'; allowed: cards, pushes, monitor");
            }
        }
        return new Mix(c, p, m);
    }

    public int total() {
        return cards + pushes + monitor;
    }

    public double share(Source s) {
        return (double) weight(s) / total();
    }

    int weight(Source s) {
        return switch (s) {
            case CARD -> cards;
            case PUSH -> pushes;
            case MONITOR -> monitor;
        };
    }

    @Override
    public String toString() {
        return "cards=" + cards + ",pushes=" + pushes + ",monitor=" + monitor;
    }

    /** Deals sources in proportion (nginx's smooth weighted round robin); one dealer per thread. */
    public Dealer dealer() {
        return new Dealer();
    }

    /** The next source to offer an event to. */
    public final class Dealer {
        private final int[] current = new int[Source.values().length];

        public Source next() {
            Source best = null;
            for (Source s : Source.values()) {
                current[s.ordinal()] += weight(s);
                if (best == null || current[s.ordinal()] > current[best.ordinal()]) {
                    best = s;
                }
            }
            current[best.ordinal()] -= total();
            return best;
        }
    }
}
