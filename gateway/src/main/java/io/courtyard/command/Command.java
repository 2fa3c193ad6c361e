package io.courtyard.command;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A verified command, as a handler receives it: signed by the site's key, for this site, within its
 * validity, in sequence, never seen before, and with every member checked against its type.
 *
 * @param seq the platform's per-site sequence; 0 for a command of the old emergency topic, which has none
 * @param target the device or bus it is for ({@link CommandType#target()}), or null
 * @param args the type's members that were present, as text (integers in decimal)
 */
public record Command(
        CommandType type,
        String nonce,
        long seq,
        Instant issuedAt,
        Instant expiresAt,
        String target,
        Map<String, String> args) {
    public Command {
        args = Map.copyOf(args);
    }

    /** A member's value; absent when the type's member is optional and was left out. */
    public Optional<String> arg(String name) {
        return Optional.ofNullable(args.get(name));
    }

    /** A required member's value. */
    public String required(String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalStateException(type.wire() + " has no member " + name);
        }
        return v;
    }

    /** An integer member, or {@code fallback} when it was left out. */
    public long number(String name, long fallback) {
        String v = args.get(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    /**
     * What an emergency change, a reset or a journal event names as its cause:
     * {@code upstream:NONCE}. Everything the platform asks is remote, which is what lets a local
     * fire-panel input outrank it.
     */
    public String source() {
        return "upstream:" + nonce;
    }
}
