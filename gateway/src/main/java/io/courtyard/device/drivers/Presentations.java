package io.courtyard.device.drivers;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.CredentialKey;
import io.courtyard.device.card.CardRead;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns what one reader sees into access requests: a card; a card, then its PIN when the engine
 * asks for one ({@code pinAt}); or a visitor's code typed on the keypad. Keys collect until '#'
 * ('*' starts over); a PIN or code not finished within {@link #KEY_TIMEOUT} of the last key is
 * dropped. The keys are never logged. Guarded by its driver's lock.
 */
final class Presentations {
    /** Readers' usual inter-key timeout; long enough to find a PIN, short enough to not wait for a stranger. */
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(10);
    /** The longest visitor code the access list accepts; more keys than that are no code. */
    private static final int MAX_KEYS = 64;

    private final String device;
    private final StringBuilder keys = new StringBuilder();
    private CredentialKey pendingCard;
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

    /** Keys were typed; the request they complete (a PIN after a card, else a visitor code), or null. */
    AccessRequest keys(String typed, Instant at) {
        if (at.isAfter(keysUntil)) {
            clear();
        }
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
        return null;
    }

    /** Whether a card waits for its PIN at {@code at}. */
    boolean awaitingPin(Instant at) {
        return pendingCard != null && !at.isAfter(keysUntil);
    }

    private AccessRequest complete(Instant at) {
        String entered = keys.toString();
        CredentialKey card = pendingCard;
        clear();
        if (card == null && entered.isEmpty()) {
            // A lone '#' is a key bounce or a curious child, not an attempt worth a decision.
            return null;
        }
        if (card != null) {
            return new AccessRequest(device, card, entered, at);
        }
        CredentialKey code;
        try {
            code = CredentialKey.code(entered);
        } catch (IllegalArgumentException tooShortOrLong) {
            // Still a request: the engine denies it as an invalid credential, and the journal says so.
            code = null;
        }
        return new AccessRequest(device, code, null, at);
    }

    private void clear() {
        keys.setLength(0);
        pendingCard = null;
        keysUntil = Instant.MIN;
    }
}
