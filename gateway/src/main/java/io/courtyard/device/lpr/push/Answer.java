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
        return new Answer(Kind.OPEN, reason, false);
    }

    public static Answer shut(Reason reason, boolean replay) {
        return new Answer(Kind.SHUT, reason, replay);
    }

    public static Answer notRecorded(boolean replay) {
        return new Answer(Kind.NOT_RECORDED, null, replay);
    }
}
