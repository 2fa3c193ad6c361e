package io.courtyard.access;

import io.courtyard.config.SiteConfig.Household;

/** What a credential key resolves to in a snapshot, with its references already followed. */
sealed interface Subject {
    /** The access-list id of the credential, pass or permit: what the journal records instead of the number. */
    String id();

    /** The key of this subject's stateful rules (uses, anti-passback positions). */
    String stateKey();

    /** A holder's card or plate credential, with the holder's groups resolved. */
    record Card(Credential credential, Holder holder, Household household, CompiledGroup[] groups, String stateKey)
            implements Subject {
        @Override
        public String id() {
            return credential.id();
        }
    }

    /** A visitor pass; {@code host} is null when the issuing household is not in the configuration. */
    record Pass(VisitorPass pass, Household host, String stateKey) implements Subject {
        @Override
        public String id() {
            return pass.id();
        }
    }

    /** A resident's vehicle permit. */
    record Permit(VehiclePermit permit, Holder holder, String stateKey) implements Subject {
        @Override
        public String id() {
            return permit.id();
        }
    }
}
