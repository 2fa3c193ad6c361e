package io.courtyard.config;

import java.security.PublicKey;
import java.util.Optional;

/**
 * How access-list updates are trusted: the platform's Ed25519 public key. Without it the
 * gateway enforces the stored list but accepts no update, neither over MQTT nor from a file.
 */
public record AclConfig(Optional<PublicKey> publicKey) {
    public static final AclConfig NONE = new AclConfig(Optional.empty());
}
