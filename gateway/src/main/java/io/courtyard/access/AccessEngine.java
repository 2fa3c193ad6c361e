package io.courtyard.access;

import io.courtyard.config.CameraConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides access requests against one immutable snapshot read from an {@link AtomicReference}:
 * no lock, no disk, no network on the read path. Updates swap the whole snapshot.
 *
 * <p>Order of the checks, and why: an unknown device first (nothing to actuate); then fire mode
 * (life safety beats every list); then a locked keypad (a guess is refused unread); then the
 * credential — unreadable, no list yet, unknown; then its status and validity, so that a revoked
 * card says "revoked" even during a lockdown; then the lockdown; then permissions, schedule, PIN
 * and floors; the stateful rules (uses, anti-passback, occupancy) last, so that they only change
 * state for a request every other rule admits.
 */
public final class AccessEngine {
    private final AtomicReference<AccessSnapshot> snapshot;
    private final AccessState state;
    private final KeypadGuard keypads = new KeypadGuard();

    public AccessEngine(AccessSnapshot initial, AccessState state) {
        this.snapshot = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.state = state;
    }

    /** Decides and records the stateful rules' changes: the path devices use. */
    public Decision decide(AccessRequest request) {
        return evaluate(snapshot.get(), request, true, null);
    }

    /** Decides without changing any state, for {@code acl explain}: same rules, nothing recorded. */
    public Decision explain(AccessRequest request) {
        return evaluate(snapshot.get(), request, false, null);
    }

    /**
     * Decides a camera's plate read at a barrier: the read is matched (exactly, or under the
     * barrier's confusion rule, see {@link PlateMatcher}), a read below the barrier's confidence
     * threshold is refused, then the usual rules decide. A replay changes state as of its time and
     * actuates nothing.
     */
    public PlateDecision decidePlate(PlateRequest p) {
        AccessSnapshot snap = snapshot.get();
        CameraConfig.Plates rules = snap.site().devices().get(p.device()) instanceof SiteLayout.Barrier b
                ? b.plates()
                : CameraConfig.Plates.DEFAULTS;
        PlateMatcher.Result m = PlateMatcher.match(snap, p.plate(), p.confidence(), rules);
        Decision d = evaluate(snap, AccessRequest.of(p.device(), m.key(), p.at()), true, new PlateReads(p, rules));
        if (m.match() == PlateDecision.Match.NEAR) {
            d = PlateReads.nearMatch(d, m.pair(), p.confidence());
        }
        return new PlateDecision(d, m.match(), m.read());
    }

    public AccessSnapshot snapshot() {
        return snapshot.get();
    }

    /** Makes {@code next} the list every later decision reads. */
    public void swap(AccessSnapshot next) {
        snapshot.set(Objects.requireNonNull(next, "next"));
    }

    public AccessState state() {
        return state;
    }

    /** The keypads' failed entries and lockouts; {@link AccessService} records each keypad decision. */
    KeypadGuard keypads() {
        return keypads;
    }

    private Decision evaluate(AccessSnapshot snap, AccessRequest r, boolean commit, PlateReads plate) {
        SiteLayout.Device device = snap.site().devices().get(r.device());
        // A card whose PIN never came is decided to be told why, never to let anyone in or count a use.
        boolean timedOut = r.entry() == AccessRequest.Entry.PIN_TIMED_OUT;
        Evaluation e = new Evaluation(snap, device, r, state.emergency(), state, commit && !timedOut);
        e.replay = plate != null && plate.request().replay();
        if (device == null) {
            return e.deny(Reason.UNKNOWN_DEVICE, "device " + r.device() + " is not in the configuration");
        }
        Subject s = r.credential() == null ? null : snap.lookup(r.credential());
        if (e.emergency.fire() && device.opensOnFire()) {
            return fire(e, s, snap, device);
        }
        Instant locked = r.keyed() ? keypads.lockedUntil(device.id(), r.at()) : null;
        if (locked != null) {
            return e.deny(Reason.KEYPAD_LOCKED, locked(device, locked));
        }
        Decision refused = plate == null ? null : plate.refuse(e);
        if (refused != null) {
            return refused;
        }
        if (r.credential() == null) {
            return e.deny(
                    Reason.INVALID_CREDENTIAL,
                    r.entry() == AccessRequest.Entry.TYPED
                            ? "the keys typed make no visitor code"
                            : "nothing readable was presented");
        }
        int minCode = snap.site().keypad().minCodeLength();
        if (r.entry() == AccessRequest.Entry.TYPED
                && r.credential().type() == CredentialKey.Type.CODE
                && r.credential().value().length() < minCode) {
            return e.deny(
                    Reason.INVALID_CREDENTIAL, "a typed code shorter than this site's " + minCode + " characters");
        }
        if (snap.version() == 0) {
            return e.deny(Reason.NO_ACCESS_LIST, "no access list has been applied; only fire mode opens");
        }
        if (s == null) {
            return e.deny(
                    Reason.UNKNOWN_CREDENTIAL,
                    r.credential().masked() + " is not in access list version " + snap.version());
        }
        attribute(e, s);
        Decision d = s instanceof Subject.Card c
                ? CardRules.decide(e, c)
                : s instanceof Subject.Pass p ? PassRules.decide(e, p) : PermitRules.decide(e, (Subject.Permit) s);
        if (timedOut && (d.granted() || d.reason() == Reason.PIN_REQUIRED)) {
            return e.deny(Reason.PIN_TIMEOUT, d.rule() + "; no PIN was entered in time");
        }
        if (d.reason() == Reason.PIN_REQUIRED && (locked = keypads.lockedUntil(device.id(), r.at())) != null) {
            // No prompt for a PIN the keypad would refuse: the holder learns now to use another reader.
            return e.deny(Reason.KEYPAD_LOCKED, d.rule() + "; " + locked(device, locked));
        }
        return d;
    }

    /**
     * Fire mode at a device that opens on fire: everyone passes, and the decision is recorded as
     * such; a read that gave nothing readable is no one's grant, so it says what happened instead.
     */
    private static Decision fire(Evaluation e, Subject s, AccessSnapshot snap, SiteLayout.Device device) {
        String since = "fire mode since "
                + e.emergency.active().get(EmergencyMode.FIRE).since() + ": ";
        boolean car = device instanceof SiteLayout.Elevator || device instanceof SiteLayout.HallCall;
        if (e.request.credential() == null) {
            return e.deny(
                    Reason.INVALID_CREDENTIAL,
                    "nothing readable was presented; " + since + device.id()
                            + (car ? " has card control released" : " is held open") + " for everyone");
        }
        if (s != null) {
            attribute(e, s);
        }
        return e.decision(
                Reason.EMERGENCY_OPEN, Actuations.open(snap, device), since + device.id() + " opens on fire", null);
    }

    private static String locked(SiteLayout.Device device, Instant until) {
        return device.id() + "'s keypad is locked until " + until + " after repeated failed entries";
    }

    private static void attribute(Evaluation e, Subject s) {
        if (s instanceof Subject.Card c) {
            e.attribute(
                    c.id(), c.holder().id(), c.holder().kind().tag(), c.holder().household());
        } else if (s instanceof Subject.Pass p) {
            e.attribute(p.id(), null, "visitor", p.pass().household());
        } else if (s instanceof Subject.Permit p) {
            e.attribute(
                    p.id(), p.holder().id(), p.holder().kind().tag(), p.holder().household());
        }
    }
}
