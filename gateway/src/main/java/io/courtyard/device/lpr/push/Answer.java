package io.courtyard.device.lpr.push;

import io.courtyard.access.Reason;

/**
 * What the gateway tells a camera about one read, once the read's event is durable (or the
 * camera's timeout left no more time).
 *
 * @param reason the decision's reason, for the barrier's display; null when nothing was decided
 * @param replay the read was a camera's offline replay: its answer never opens, and asks for the next
 */
public record Answer(Kind kind, Reason reason, boolean replay) {

    /** The three answers a camera can get. */
    public enum Kind {
        /** Open the barrier: the decision granted and its event is durable (or the barrier opens on fault). */
        OPEN,
        /** Keep it shut: denied, a replay, a stale or conflicting duplicate, or not durable in time. */
        SHUT,
        /** The read could not be recorded at all: the camera keeps it and sends it again later. */
        NOT_RECORDED
    }

    public boolean opens() {
        return kind == Kind.OPEN;
    }

    public static Answer open(Reason reason) {
        return of(Kind.OPEN, reason, false);
    }

    public static Answer shut(Reason reason, boolean replay) {
        return of(Kind.SHUT, reason, replay);
    }

    public static Answer notRecorded(boolean replay) {
        return of(Kind.NOT_RECORDED, null, replay);
    }

    /**
     * Every answer there can be, made once: the camera ledger keeps one per read for days (up to
     * 100,000), and an answer is a value, so they share these instead of holding a copy each.
     */
    private static final Reason[] REASONS = Reason.values();

    private static final Answer[] ALL = new Answer[Kind.values().length * (REASONS.length + 1) * 2];

    static {
        for (Kind k : Kind.values()) {
            for (int r = -1; r < REASONS.length; r++) {
                for (boolean replay : new boolean[] {false, true}) {
                    Reason reason = r < 0 ? null : REASONS[r];
                    ALL[index(k, reason, replay)] = new Answer(k, reason, replay);
                }
            }
        }
    }

    private static Answer of(Kind kind, Reason reason, boolean replay) {
        return ALL[index(kind, reason, replay)];
    }

    private static int index(Kind kind, Reason reason, boolean replay) {
        int r = reason == null ? 0 : reason.ordinal() + 1;
        return (kind.ordinal() * (REASONS.length + 1) + r) * 2 + (replay ? 1 : 0);
    }
}
