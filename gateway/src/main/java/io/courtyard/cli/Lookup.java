package io.courtyard.cli;

import io.courtyard.access.AccessList;
import io.courtyard.access.Credential;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Holder;
import io.courtyard.access.VehiclePermit;
import io.courtyard.access.VisitorPass;

/** Describes what a credential is in a list, for operators: ids, kinds, status and validity, no numbers. */
final class Lookup {
    private Lookup() {}

    static String describe(AccessList l, CredentialKey k) {
        for (Credential c : l.credentials().values()) {
            if (c.key().equals(k)) {
                Holder h = l.holders().get(c.holder());
                return "credential " + c.id() + " (" + c.status().tag() + ", valid " + c.validity() + ") of "
                        + (h == null
                                ? "unknown holder " + c.holder()
                                : "holder " + h.id() + " (" + h.kind().tag() + ", "
                                        + h.status().tag()
                                        + (h.household() == null ? "" : ", household " + h.household())
                                        + ", groups " + h.groups() + ")");
            }
        }
        for (VisitorPass p : l.passes().values()) {
            if (p.key().equals(k)) {
                return "visitor pass " + p.id() + " (" + p.status().tag() + ", window " + p.window() + ", household "
                        + p.household() + ", devices "
                        + p.devices().stream().sorted().toList() + ", "
                        + (p.maxUses() == 0
                                ? "unlimited entries"
                                : p.maxUses() == 1 ? "single entry" : p.maxUses() + " entries")
                        + ")";
            }
        }
        for (VehiclePermit p : l.permits().values()) {
            if (p.plate().equals(k)) {
                return "vehicle permit " + p.id() + " (" + p.status().tag() + ", zone " + p.zone() + ", "
                        + p.space().tag() + (p.reserved() ? " reserved" : "") + " space, valid " + p.validity()
                        + ") of holder " + p.holder();
            }
        }
        return "not in the access list";
    }
}
