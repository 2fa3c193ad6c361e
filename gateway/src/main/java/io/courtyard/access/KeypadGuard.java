package io.courtyard.access;

import io.courtyard.config.AccessConfig.Keypad;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits guessing at a device's keypad: wrong PINs and unknown or malformed visitor codes are
 * counted per device, and {@link Keypad#maxAttempts()} of them within {@link Keypad#window()} lock
 * the keypad for {@link Keypad#lockout()}, doubled for each further lockout without a keypad grant
 * in between, up to {@link Keypad#maxLockout()}. A locked keypad's entries are refused unread, so
 * guessing on cannot even tell a right PIN from a wrong one; cards that need no PIN still pass.
 *
 * <p>Kept in memory: a restart forgets the counts, which an attacker at a reader cannot cause.
 * Bounded by the configured devices (unknown devices are refused before they get here).
 */
public final class KeypadGuard {
    /** A keypad that just locked: what its alarm says. */
    public record Lockout(
            String device, Instant at, int failures, Duration window, Instant until, int level, Reason last) {}

    private final ConcurrentHashMap<String, Attempts> devices = new ConcurrentHashMap<>();

    /** One device's recent failures and lockouts; guarded by its own monitor. */
    private static final class Attempts {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
        Instant lastFailure = Instant.MIN;
        int level;
    }

    /** Until when {@code device}'s keypad is locked at {@code at}, or null when it is not. */
    Instant lockedUntil(String device, Instant at) {
        Attempts a = devices.get(device);
        if (a == null) {
            return null;
        }
        synchronized (a) {
            return at.isBefore(a.lockedUntil) ? a.lockedUntil : null;
        }
    }

    /** Counts a keypad request's outcome; returns the lockout it started, or null. */
    Lockout record(AccessRequest r, Decision d, Keypad policy) {
        if (!r.keyed()) {
            return null;
        }
        boolean failed = failure(d.reason());
        if (!failed && !d.granted()) {
            return null;
        }
        Attempts a = devices.computeIfAbsent(r.device(), k -> new Attempts());
        synchronized (a) {
            if (!failed) {
                // Someone who knew the PIN or code: the keypad is in honest use, earlier lockouts are forgiven.
                a.level = 0;
                return null;
            }
            Instant at = r.at();
            if (at.isBefore(a.lockedUntil)) {
                return null;
            }
            if (!a.lastFailure.equals(Instant.MIN) && !at.isBefore(a.lastFailure.plus(policy.maxLockout()))) {
                a.level = 0;
            }
            a.lastFailure = at;
            while (!a.failures.isEmpty() && !a.failures.peekFirst().isAfter(at.minus(policy.window()))) {
                a.failures.pollFirst();
            }
            a.failures.addLast(at);
            if (a.failures.size() < policy.maxAttempts()) {
                return null;
            }
            Duration length = lockout(policy, a.level);
            a.lockedUntil = at.plus(length);
            a.level++;
            int n = a.failures.size();
            a.failures.clear();
            return new Lockout(r.device(), at, n, policy.window(), a.lockedUntil, a.level, d.reason());
        }
    }

    /** {@code lockout × 2^level}, at most {@code maxLockout}. */
    static Duration lockout(Keypad policy, int level) {
        Duration d = policy.lockout();
        for (int i = 0; i < level && d.compareTo(policy.maxLockout()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(policy.maxLockout()) > 0 ? policy.maxLockout() : d;
    }

    /** The denials that are guesses: an unknown or malformed code, a wrong PIN. */
    static boolean failure(Reason r) {
        return r == Reason.UNKNOWN_CREDENTIAL || r == Reason.INVALID_CREDENTIAL || r == Reason.PIN_WRONG;
    }
}
