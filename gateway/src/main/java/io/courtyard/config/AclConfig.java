package io.courtyard.config;

import java.security.PublicKey;
import java.util.Optional;

/**
 * How access-list updates are trusted: the platform's Ed25519 public key. Without it the
 * gateway enforces the stored list but accepts no update, neither over MQTT nor from a file. The
 * PIN key, when set, is what the list's PIN hashes are keyed with ({@link PinKey}).
 */
public record AclConfig(Optional<PublicKey> publicKey, Optional<PinKey> pinKey) {
    public static final AclConfig NONE = new AclConfig(Optional.empty(), Optional.empty());

    /** Without a PIN key (tests and tools that build one by hand). */
    public AclConfig(Optional<PublicKey> publicKey) {
        this(publicKey, Optional.empty());
    }
}
