package io.courtyard.access;

import io.courtyard.config.SiteConfig.Household;

/** What a credential key resolves to in a snapshot, with its references already followed. */
sealed interface Subject {
    /** The access-list id of the credential, pass or permit: what the journal records instead of the number. */
    String id();

    /**
     * The key of this subject's stateful rules (uses, anti-passback positions); built when a
     * stateful rule asks, not stored, which would cost a string per credential.
     */
    String stateKey();

    /** A holder's card or plate credential, with the holder's groups resolved. */
    record Card(Credential credential, Holder holder, Household household, CompiledGroup[] groups) implements Subject {
        @Override
        public String id() {
            return credential.id();
        }

        @Override
        public String stateKey() {
            return "holder:" + holder.id();
        }
    }

    /**
     * A visitor pass; {@code host} is null when the issuing household is not in the configuration;
     * {@code rule} is what its decisions cite, built once with the snapshot.
     */
    record Pass(VisitorPass pass, Household host, String rule) implements Subject {
        Pass(VisitorPass pass, Household host) {
            this(pass, host, "pass " + pass.id() + " of household " + pass.household());
        }

        @Override
        public String id() {
            return pass.id();
        }

        @Override
        public String stateKey() {
            return "pass:" + pass.id();
        }
    }

    /** A resident's vehicle permit; {@code rule} is what its decisions cite, built once with the snapshot. */
    record Permit(VehiclePermit permit, Holder holder, String rule) implements Subject {
        Permit(VehiclePermit p, Holder holder) {
            this(
                    p,
                    holder,
                    "permit " + p.id() + " (" + p.space().tag() + (p.reserved() ? ", reserved" : "") + " space in zone "
                            + p.zone() + ")");
        }

        @Override
        public String id() {
            return permit.id();
        }

        @Override
        public String stateKey() {
            return "permit:" + permit.id();
        }
    }
}
