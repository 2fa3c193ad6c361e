package io.courtyard.access;

/** Rules for a visitor pass: status, window, lockdown, listed devices, the host's floor, uses. */
final class PassRules {
    private PassRules() {}

    static Decision decide(Evaluation e, Subject.Pass s) {
        VisitorPass p = s.pass();
        Reason r = p.status().denial();
        if (r != null) {
            return e.deny(r, "pass " + p.id() + " is " + p.status().tag());
        }
        if ((r = p.window().check(e.at())) != null) {
            return e.deny(r, "pass " + p.id() + " is valid " + p.window());
        }
        if (e.emergency.lockdown()) {
            return e.deny(
                    Reason.LOCKDOWN,
                    "lockdown since "
                            + e.emergency.active().get(EmergencyMode.LOCKDOWN).since() + ": only staff pass, pass "
                            + p.id() + " is a visitor's");
        }
        String device = e.permissionId;
        if (!p.devices().contains(device)) {
            return e.deny(Reason.NO_PERMISSION, "pass " + p.id() + " does not list " + device);
        }
        String rule = s.rule();
        if (e.elevator != null) {
            SiteLayout.Elevator el = e.elevator;
            Actuation.Floors floors = e.snapshot
                    .floors(el)
                    .select(f -> p.floors().isEmpty()
                            ? s.host() != null
                                    && f == s.host().floor()
                                    && s.host().building().equals(el.building())
                                    && s.host().unit().equals(el.unit())
                            : p.floors().contains(f));
            return floors == null
                    ? e.deny(Reason.NO_FLOOR, rule + ": " + device + " does not serve the host's floor")
                    : e.decision(Reason.GRANTED, Actuations.car(e.device, floors), rule, null);
        }
        int uses = p.maxUses() > 0 && Stateful.countsUse(e.device) ? p.maxUses() : 0;
        return Stateful.admit(e, s.stateKey(), uses, false, Actuations.opening(e.device), rule);
    }
}
