package io.courtyard.access;

/** Rules for a resident's vehicle permit: barriers of its zone only, expiry, reserved space. */
final class PermitRules {
    private PermitRules() {}

    static Decision decide(Evaluation e, Subject.Permit s) {
        VehiclePermit p = s.permit();
        Holder h = s.holder();
        if (!(e.device instanceof SiteLayout.Barrier b)) {
            return e.deny(
                    Reason.NO_PERMISSION,
                    "permit " + p.id() + " is a vehicle permit; " + e.device.id() + " is no barrier");
        }
        Reason r = p.status().denial();
        if (r != null) {
            return e.deny(r, "permit " + p.id() + " is " + p.status().tag());
        }
        if ((r = h.status().denial()) != null) {
            return e.deny(r, "holder " + h.id() + " is " + h.status().tag());
        }
        if ((r = p.validity().check(e.at())) != null) {
            return e.deny(r, "permit " + p.id() + " (" + p.space().tag() + " space) is valid " + p.validity());
        }
        if ((r = h.validity().check(e.at())) != null) {
            return e.deny(r, "holder " + h.id() + " is valid " + h.validity());
        }
        if (e.emergency.lockdown() && h.kind() != HolderKind.STAFF) {
            return e.deny(
                    Reason.LOCKDOWN,
                    "lockdown since "
                            + e.emergency.active().get(EmergencyMode.LOCKDOWN).since() + ": only staff pass, holder "
                            + h.id() + " is " + h.kind().tag());
        }
        if (!b.zone().id().equals(p.zone())) {
            return e.deny(
                    Reason.NO_PERMISSION,
                    "permit " + p.id() + " is for zone " + p.zone() + ", " + b.id() + " serves zone "
                            + b.zone().id());
        }
        String rule = "permit " + p.id() + " (" + p.space().tag() + (p.reserved() ? ", reserved" : "")
                + " space in zone " + p.zone() + ")";
        return Stateful.admit(e, s.stateKey(), 0, p.reserved(), Actuations.opening(b), rule);
    }
}
