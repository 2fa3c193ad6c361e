package io.courtyard.access;

import io.courtyard.config.CameraConfig;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides access requests against one immutable snapshot read from an {@link AtomicReference}:
 * no lock, no disk, no network on the read path. Updates swap the whole snapshot.
 *
 * <p>Order of the checks, and why: an unknown device first (nothing to actuate); then fire mode
 * (life safety beats every list); then the credential — unreadable, no list yet, unknown; then
 * its status and validity, so that a revoked card says "revoked" even during a lockdown; then the
 * lockdown; then permissions, schedule, PIN and floors; the stateful rules (uses, anti-passback,
 * occupancy) last, so that they only change state for a request every other rule admits.
 */
public final class AccessEngine {
    private final AtomicReference<AccessSnapshot> snapshot;
    private final AccessState state;

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

    private Decision evaluate(AccessSnapshot snap, AccessRequest r, boolean commit, PlateReads plate) {
        SiteLayout.Device device = snap.site().devices().get(r.device());
        Evaluation e = new Evaluation(snap, device, r, state.emergency(), state, commit);
        e.replay = plate != null && plate.request().replay();
        if (device == null) {
            return e.deny(Reason.UNKNOWN_DEVICE, "device " + r.device() + " is not in the configuration");
        }
        Subject s = r.credential() == null ? null : snap.lookup(r.credential());
        if (e.emergency.fire() && device.opensOnFire()) {
            if (s != null) {
                attribute(e, s);
            }
            return e.decision(
                    Reason.EMERGENCY_OPEN,
                    Actuations.open(snap, device),
                    "fire mode since "
                            + e.emergency.active().get(EmergencyMode.FIRE).since() + ": " + device.id()
                            + " opens on fire",
                    null);
        }
        Decision refused = plate == null ? null : plate.refuse(e);
        if (refused != null) {
            return refused;
        }
        if (r.credential() == null) {
            return e.deny(Reason.INVALID_CREDENTIAL, "nothing readable was presented");
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
        if (s instanceof Subject.Card c) {
            return CardRules.decide(e, c);
        }
        if (s instanceof Subject.Pass p) {
            return PassRules.decide(e, p);
        }
        return PermitRules.decide(e, (Subject.Permit) s);
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
