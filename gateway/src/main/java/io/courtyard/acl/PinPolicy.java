package io.courtyard.acl;

import io.courtyard.access.AccessList;
import io.courtyard.access.Holder;
import io.courtyard.access.PinHash;
import io.courtyard.config.PinKey;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which PIN hashes a gateway accepts in a message (README, "PIN hashes"). Format 2 lists carry PINs
 * keyed with the site's PIN key, which the gateway must hold; format 1 lists carry unkeyed
 * SHA-256, which anyone holding a copy of the list can reverse. A gateway without a PIN key still
 * accepts those, loudly; one with a PIN key refuses them, so that a platform which has moved a
 * site to keyed PINs cannot slip back unnoticed. A format 1 message without PINs is always fine.
 */
final class PinPolicy {
    private static final Logger log = LoggerFactory.getLogger(PinPolicy.class);

    private PinPolicy() {}

    /** Why the message's PIN hashes cannot be accepted here ({@code invalid}), or null. */
    static String check(AclMessage m, PinKey key) {
        int[] n = m.pinHashes();
        if (n[0] > 0) {
            if (key == null) {
                return "the list carries " + n[0] + " keyed PIN hashes, but no acl.pinKeyFile is configured here";
            }
            Set<String> ids = m.pinKeyIds();
            if (!ids.equals(Set.of(key.id()))) {
                ids.remove(key.id());
                return "PIN hashes keyed with PIN key " + ids + ", this gateway holds " + key.id();
            }
        }
        if (n[1] > 0 && key != null) {
            return "format 1 list with " + n[1] + " unkeyed PIN hashes; this gateway has a PIN key (" + key.id()
                    + ") and accepts only format 2 PIN hashes";
        }
        return null;
    }

    /**
     * Says at startup what the list in force does with PINs this gateway cannot protect or check:
     * unkeyed hashes (recoverable from the list), or hashes under a key this gateway does not hold
     * (those PINs never match: the holders are refused at PIN readers).
     */
    static void inForce(AccessList list, PinKey key) {
        int unkeyed = 0;
        int foreign = 0;
        for (Holder h : list.holders().values()) {
            String p = h.pinHash();
            if (p == null) {
                continue;
            }
            if (PinHash.unkeyed(p)) {
                unkeyed++;
            } else if (key == null || !key.id().equals(PinHash.keyId(p))) {
                foreign++;
            }
        }
        if (unkeyed > 0) {
            log.warn(
                    "access list version {}: {} unkeyed PIN hashes (format 1) are in force; anyone with a copy of the"
                            + " list can recover those PINs until the platform sends a format 2 list",
                    list.version(),
                    unkeyed);
        }
        if (foreign > 0) {
            log.error(
                    "access list version {}: {} PIN hashes are keyed with a PIN key this gateway does not hold ({});"
                            + " those holders are refused wherever a PIN is asked",
                    list.version(),
                    foreign,
                    key == null ? "no acl.pinKeyFile" : "it holds " + key.id());
        }
    }

    /** Says, on every applied message that carries them, that unkeyed PIN hashes are recoverable. */
    static void warn(AclMessage m, String origin) {
        int unkeyed = m.pinHashes()[1];
        if (unkeyed > 0) {
            log.warn(
                    "access list {} from {} carries {} unkeyed PIN hashes (format 1): anyone with a copy of the list"
                            + " can recover those PINs; configure acl.pinKeyFile and have the platform send format 2",
                    m.summary(),
                    origin,
                    unkeyed);
        }
    }
}
