package io.courtyard.config;

import io.courtyard.config.AccessConfig.GatePair;
import io.courtyard.config.DevicesConfig.AntiPassback;
import java.security.PublicKey;
import java.util.Optional;

/** Reads {@code acl:} (the update signing key) and {@code access:} (gate-pair anti-passback). */
final class AccessSection {
    private AccessSection() {}

    static AclConfig acl(YamlMap m) {
        return new AclConfig(publicKey(m), pinKey(m));
    }

    private static Optional<PublicKey> publicKey(YamlMap m) {
        // Public keys are not secrets, but reading publicKeyFile shares the secret-file rules
        // (relative to the config file, a readable error naming the path).
        Optional<Secret> text = ServiceSection.secret(m, "publicKey");
        String key = m.has("publicKey") ? "publicKey" : "publicKeyFile";
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PublicKeys.ed25519(text.get().reveal()));
        } catch (IllegalArgumentException e) {
            m.problems()
                    .add(
                            m.value(key),
                            m.field(key),
                            "expected an Ed25519 public key (PEM, or base64 of its 44-byte" + " DER or 32 raw bytes): "
                                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** The site's PIN key ({@code pinKeyFile}, or inline {@code pinKey} for the demo). */
    private static Optional<PinKey> pinKey(YamlMap m) {
        Optional<Secret> text = ServiceSection.secret(m, "pinKey");
        String key = m.has("pinKey") ? "pinKey" : "pinKeyFile";
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PinKey.parse(text.get().reveal()));
        } catch (IllegalArgumentException e) {
            m.problems().add(m.value(key), m.field(key), e.getMessage());
            return Optional.empty();
        }
    }

    static AccessConfig access(YamlMap m) {
        return new AccessConfig(m.list("antiPassbackPairs", p -> {
            String id = p.required("id", Scalars.ID);
            String entry = p.required("entry", Scalars.ID);
            String exit = p.required("exit", Scalars.ID);
            AntiPassback mode = p.optional("mode", Scalars.enumeration(AntiPassback.class), AntiPassback.HARD);
            if (entry != null && entry.equals(exit)) {
                p.problems().add(p.value("exit"), p.field("exit"), "entry and exit must be two different gates");
            }
            return id == null || entry == null || exit == null ? null : new GatePair(id, entry, exit, mode);
        }));
    }
}
