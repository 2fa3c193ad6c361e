package io.courtyard.access;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import java.time.Instant;
import java.util.Locale;

/**
 * The ACCESS journal event of a decision, and the other events of the access engine (an operator's
 * anti-passback reset, a keypad lockout). Personal data: the credential is masked; the access-list
 * id ({@code subject}) links a known credential to its full value for an audit, so the full value
 * ({@code credentialFull}) is written only for an unknown card or plate, where nothing else could
 * tell a crew which one was tried. Never for a code: typed keys may be a PIN typed at the wrong
 * moment, and an unknown code is a guess, which the journal must not help anyone read.
 * {@code state} carries the stateful rules' change (see {@link StateChange}) so that a restart can
 * rebuild uses and positions.
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
                        d.reason() == Reason.UNKNOWN_CREDENTIAL
                                        && d.credential().type() != CredentialKey.Type.CODE
                                ? d.credential().text()
                                : null)
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
        if (a instanceof Actuation.HallCall h) {
            return new JsonBody()
                    .field("hallCall", h.floor())
                    .field("output", h.output())
                    .field("enableForMs", h.enableFor().toMillis());
        }
        if (a instanceof Actuation.RaiseBarrier) {
            return new JsonBody().field("barrier", "raise");
        }
        return null;
    }

    /**
     * An ALARM: {@code device}'s keypad locked after {@code failures} failed entries, e.g.
     * {@code {"alarm":"keypad-locked","state":"raised","failures":5,"windowMs":300000,
     * "lockedUntil":"…","lockout":1,"lastReason":"pin-wrong"}}. It ends by itself at {@code lockedUntil}.
     */
    public static EventDraft keypadLocked(KeypadGuard.Lockout l, Instant receivedAt) {
        String body = new JsonBody()
                .field("alarm", "keypad-locked")
                .field("state", "raised")
                .field("failures", l.failures())
                .field("windowMs", l.window().toMillis())
                .field("lockedUntil", l.until().toString())
                .field("lockout", l.level())
                .field("lastReason", l.last().code())
                .toString();
        return new EventDraft(EventKind.ALARM, l.device(), l.at(), receivedAt, body);
    }

    /**
     * An ACCESS event of the gateway: anti-passback positions cleared by an operator, e.g.
     * {@code {"reset":"anti-passback","subject":"holder:h1","area":"pair:lobby","source":"operator:wang",
     * "cleared":1}}; {@code subject} or {@code area} absent means every subject or every area.
     */
    public static EventDraft antiPassbackReset(String subject, String area, String source, int cleared, Instant at) {
        String body = new JsonBody()
                .field("reset", "anti-passback")
                .field("subject", subject)
                .field("area", area)
                .field("source", source)
                .field("cleared", cleared)
                .toString();
        return new EventDraft(EventKind.ACCESS, "gateway", at, at, body);
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
