package io.courtyard.device.drivers;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.CredentialKey;
import io.courtyard.device.card.CardRead;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns what one reader sees into access requests: a card; a card, then its PIN when the engine
 * asks for one ({@code pinAt}); or a visitor's code typed on the keypad. Keys collect until '#'
 * ('*' starts over) and are dropped {@link #KEY_TIMEOUT} after the last key.
 *
 * <p>After a PIN prompt the next entry is that card's PIN, never a visitor code. When no PIN is
 * finished within {@link #KEY_TIMEOUT} of the prompt or the last key, the card is decided once more
 * as timed out ({@link #expire}); keys finished within another {@link #KEY_TIMEOUT} after that are
 * the late PIN and are discarded undecided, so a PIN typed late never reaches the engine, the
 * journal or upstream as a code. The keys are never logged. Guarded by its driver's lock.
 */
final class Presentations {
    /** Readers' usual inter-key timeout; long enough to find a PIN, short enough to not wait for a stranger. */
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(10);
    /** The longest visitor code the access list accepts; more keys than that are no code. */
    private static final int MAX_KEYS = 64;

    /** What a batch of keys amounts to. */
    sealed interface Keys {}

    /** Nothing to decide yet (or a lone '#'). */
    record Pending() implements Keys {}

    /** Keys ended by '#' that make a request: a PIN after a card, or a visitor's code. */
    record Entered(AccessRequest request) implements Keys {}

    /** A PIN finished after its prompt timed out: discarded, the reader shows a refusal. */
    record LatePin() implements Keys {}

    static final Keys PENDING = new Pending();
    static final Keys LATE_PIN = new LatePin();

    private final String device;
    private final StringBuilder keys = new StringBuilder();
    /** The card waiting for its PIN, or null. */
    private CredentialKey pendingCard;
    /** The prompt timed out: keys up to the next '#' are the late PIN. */
    private boolean late;

    private Instant keysUntil = Instant.MIN;

    Presentations(String device) {
        this.device = device;
    }

    /** A card was read: any unfinished entry is abandoned. A bad-parity read is a request without credential. */
    AccessRequest card(CardRead read, Instant at) {
        clear();
        return new AccessRequest(device, read.credential(), null, at);
    }

    /** The engine asked for a PIN for {@code request}'s card: the next keys up to '#' are its PIN. */
    void awaitPin(AccessRequest request, Instant at) {
        clear();
        pendingCard = request.credential();
        keysUntil = at.plus(KEY_TIMEOUT);
    }

    /**
     * Time has run on to {@code at}: the request saying the PIN prompt timed out (once, dated when it
     * ran out), else null. Stale keys are forgotten. Call before {@link #keys}, and from a timer.
     */
    AccessRequest expire(Instant at) {
        if (!at.isAfter(keysUntil)) {
            return null;
        }
        CredentialKey card = pendingCard;
        Instant ranOut = keysUntil;
        clear();
        if (card == null) {
            return null;
        }
        if (!at.isAfter(ranOut.plus(KEY_TIMEOUT))) {
            late = true;
            keysUntil = ranOut.plus(KEY_TIMEOUT);
        }
        return new AccessRequest(device, card, null, ranOut, AccessRequest.Entry.PIN_TIMED_OUT);
    }

    /** When the PIN prompt runs out unless a key extends it; null when no card waits. */
    Instant pinDeadline() {
        return pendingCard == null ? null : keysUntil;
    }

    /** Keys were typed (after {@link #expire}): what they amount to. */
    Keys keys(String typed, Instant at) {
        keysUntil = at.plus(KEY_TIMEOUT);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '*') {
                keys.setLength(0);
            } else if (c == '#') {
                return complete(at);
            } else if (keys.length() <= MAX_KEYS) {
                keys.append(c);
            }
        }
        return PENDING;
    }

    private Keys complete(Instant at) {
        String entered = keys.toString();
        CredentialKey card = pendingCard;
        boolean wasLate = late;
        clear();
        if (wasLate) {
            return LATE_PIN;
        }
        if (card != null) {
            return new Entered(new AccessRequest(device, card, entered, at));
        }
        if (entered.isEmpty()) {
            // A lone '#' is a key bounce or a curious child, not an attempt worth a decision.
            return PENDING;
        }
        CredentialKey code;
        try {
            code = CredentialKey.code(entered);
        } catch (IllegalArgumentException tooShortOrLong) {
            // Still a request: the engine denies it as an invalid credential, and the keypad's limit counts it.
            code = null;
        }
        return new Entered(AccessRequest.typed(device, code, at));
    }

    private void clear() {
        keys.setLength(0);
        pendingCard = null;
        late = false;
        keysUntil = Instant.MIN;
    }
}
