package io.courtyard.config;

import io.courtyard.config.AccessConfig.GatePair;
import io.courtyard.config.AccessConfig.Keypad;
import io.courtyard.config.DevicesConfig.AntiPassback;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads {@code acl:} (the update signing key) and {@code access:} (gate-pair anti-passback, keypad limits). */
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

    /** Anti-passback positions are kept from a minute (a turnstile lane) to a year (a resident's car). */
    static final Scalars.Parser<Duration> POSITION_EXPIRY =
            Scalars.duration(Duration.ofMinutes(1), Duration.ofDays(365));

    static AccessConfig access(YamlMap m) {
        List<GatePair> pairs = m.list("antiPassbackPairs", p -> {
            String id = p.required("id", Scalars.ID);
            String entry = p.required("entry", Scalars.ID);
            String exit = p.required("exit", Scalars.ID);
            AntiPassback mode = p.optional("mode", Scalars.enumeration(AntiPassback.class), AntiPassback.HARD);
            Optional<Duration> expiry = Optional.ofNullable(p.optional("positionExpiry", POSITION_EXPIRY, null));
            if (entry != null && entry.equals(exit)) {
                p.problems().add(p.value("exit"), p.field("exit"), "entry and exit must be two different gates");
            }
            return id == null || entry == null || exit == null ? null : new GatePair(id, entry, exit, mode, expiry);
        });
        YamlMap k = m.map("keypad");
        Keypad keypad = keypad(k);
        k.finish();
        return new AccessConfig(pairs, keypad);
    }

    private static Keypad keypad(YamlMap k) {
        Keypad d = Keypad.DEFAULTS;
        int attempts = k.optional("maxAttempts", Scalars.intRange(1, 100), d.maxAttempts());
        Duration window =
                k.optional("window", Scalars.duration(Duration.ofSeconds(10), Duration.ofHours(24)), d.window());
        Duration lockout =
                k.optional("lockout", Scalars.duration(Duration.ofSeconds(10), Duration.ofHours(24)), d.lockout());
        Duration max =
                k.optional("maxLockout", Scalars.duration(Duration.ofSeconds(10), Duration.ofDays(7)), d.maxLockout());
        // Visitor codes are 4-64 characters in the list format; below 6 digits a keypad falls to guessing.
        int minCode = k.optional("minCodeLength", Scalars.intRange(4, 64), d.minCodeLength());
        if (max.compareTo(lockout) < 0) {
            String at = k.has("maxLockout") ? "maxLockout" : "lockout";
            k.problems()
                    .add(
                            k.value(at),
                            k.field(at),
                            "maxLockout " + Scalars.human(max) + " is shorter than lockout " + Scalars.human(lockout));
        }
        return new Keypad(attempts, window, lockout, max, minCode);
    }
}
