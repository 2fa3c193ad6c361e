package io.courtyard.access;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import java.time.Instant;
import java.util.Locale;

/**
 * The ACCESS journal event of a decision. Personal data: the credential is masked; the
 * access-list id ({@code subject}) links a known credential to its full value for an audit, so the
 * full value ({@code credentialFull}) is written only for an unknown credential, where nothing
 * else could tell a crew which card or plate was tried. {@code state} carries the stateful rules'
 * change (see {@link StateChange}) so that a restart can rebuild uses and positions.
 */
public final class DecisionEvents {
    private DecisionEvents() {}

    public static EventDraft draft(Decision d, Instant deviceTime, Instant receivedAt) {
        return new EventDraft(EventKind.ACCESS, d.device(), deviceTime, receivedAt, body(d));
    }

    static String body(Decision d) {
        JsonBody b = new JsonBody()
                .field("decision", d.granted() ? "grant" : "deny")
                .field("reason", d.reason().code())
                // The device is the event's own (envelope) device: repeating it here only collides.
                .field(
                        "direction",
                        d.direction() == null ? null : d.direction().name().toLowerCase(Locale.ROOT))
                .field(
                        "credentialType",
                        d.credential() == null ? null : d.credential().type().tag())
                .field(
                        "credential",
                        d.credential() == null ? null : d.credential().masked())
                .field(
                        "credentialFull",
                        d.reason() == Reason.UNKNOWN_CREDENTIAL ? d.credential().text() : null)
                .field("subject", d.subject())
                .field("holder", d.holder())
                .field("holderKind", d.holderKind())
                .field("household", d.household())
                .field("rule", d.rule())
                .field("aclVersion", d.aclVersion());
        b.object("actuation", actuation(d.actuation()));
        b.object("state", state(d.change()));
        return b.toString();
    }

    private static JsonBody actuation(Actuation a) {
        if (a instanceof Actuation.Pulse p) {
            return new JsonBody().field("pulseMs", p.length().toMillis());
        }
        if (a instanceof Actuation.Floors f) {
            return new JsonBody()
                    .ints("floors", f.floors())
                    .ints("outputs", f.outputs())
                    .field("enableForMs", f.enableFor().toMillis());
        }
        if (a instanceof Actuation.RaiseBarrier) {
            return new JsonBody().field("barrier", "raise");
        }
        return null;
    }

    static JsonBody state(StateChange c) {
        if (c == null) {
            return null;
        }
        JsonBody b = new JsonBody().field("subject", c.subject());
        if (c.uses() >= 0) {
            b.field("uses", c.uses());
        }
        return b.field("area", c.area())
                .field("position", c.position() == null ? null : c.position().tag());
    }
}
