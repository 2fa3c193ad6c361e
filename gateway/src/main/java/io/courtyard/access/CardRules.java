package io.courtyard.access;

import io.courtyard.config.PinKey;
import java.util.ArrayList;
import java.util.List;

/** Rules for a holder's credential: status, validity, lockdown, groups and schedules, PIN, floors. */
final class CardRules {
    private CardRules() {}

    static Decision decide(Evaluation e, Subject.Card s) {
        Credential c = s.credential();
        Holder h = s.holder();
        Reason r = c.status().denial();
        if (r != null) {
            return e.deny(r, "credential " + c.id() + " is " + c.status().tag());
        }
        if ((r = h.status().denial()) != null) {
            return e.deny(r, "holder " + h.id() + " is " + h.status().tag());
        }
        if ((r = c.validity().check(e.at())) != null) {
            return e.deny(r, "credential " + c.id() + " is valid " + c.validity());
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
        String device = e.permissionId;
        long day = e.epochDay();
        int second = e.secondOfDay();
        CompiledGroup first = null;
        boolean listed = false;
        boolean pin = false;
        for (CompiledGroup g : s.groups()) {
            if (g.group().devices().contains(device)) {
                listed = true;
                if (g.open(day, second)) {
                    first = first == null ? g : first;
                    pin |= g.group().pinAt().contains(device);
                }
            }
        }
        if (!listed) {
            return e.deny(
                    Reason.NO_PERMISSION, "no group of holder " + h.id() + " " + h.groups() + " includes " + device);
        }
        if (first == null) {
            return e.deny(Reason.OUTSIDE_SCHEDULE, closed(e, s, device, day));
        }
        if (pin) {
            if (e.request.pin() == null) {
                return e.deny(Reason.PIN_REQUIRED, first.rule() + " asks for a PIN at " + device);
            }
            PinKey key = e.snapshot.site().pinKey();
            if (h.pinHash() == null || !PinHash.matches(h.pinHash(), h.id(), e.request.pin(), key)) {
                return e.deny(Reason.PIN_WRONG, first.rule() + ": the PIN does not match" + PinHash.unusable(h, key));
            }
        }
        if (e.elevator != null) {
            SiteLayout.Elevator el = e.elevator;
            Actuation.Floors floors = e.snapshot.floors(el).select(CarFloors.of(s, el, day, second));
            return floors == null
                    ? e.deny(Reason.NO_FLOOR, first.rule() + " gives " + device + " but no floor it serves")
                    : e.decision(Reason.GRANTED, Actuations.car(e.device, floors), first.rule(), null);
        }
        return Stateful.admit(e, s.stateKey(), 0, false, Actuations.opening(e.device), first.rule());
    }

    private static String closed(Evaluation e, Subject.Card s, String device, long day) {
        List<String> groups = new ArrayList<>();
        String today = null;
        for (CompiledGroup g : s.groups()) {
            if (g.group().devices().contains(device)) {
                groups.add(g.rule());
                if (today == null && g.schedule() != null) {
                    today = g.schedule().describe(day);
                }
            }
        }
        return device + " is in " + String.join(", ", groups) + ", but none is open at " + e.localTime()
                + (today == null ? "" : " (" + today + ")");
    }

    /** The unkeyed (format 1) {@code pinHash} of a holder's PIN; see {@link PinHash}. */
    public static String pinHash(String holderId, String pin) {
        return PinHash.unkeyed(holderId, pin);
    }
}
