package io.courtyard.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A device asks: may this credential pass here, now?
 *
 * @param credential what was presented; null when nothing readable was (an unreadable plate, keys
 *     that make no code)
 * @param pin digits entered on a keypad, or null
 * @param at when it was presented (the device's time when trusted, else the gateway's)
 * @param entry how the credential came: read, typed, or a card whose PIN never came
 */
public record AccessRequest(String device, CredentialKey credential, String pin, Instant at, Entry entry) {
    /** How a request's credential reached the device. */
    public enum Entry {
        /** Read: a card, a plate, a scanned code. */
        READ,
        /** Typed on the device's keypad: a visitor's code, or keys that make none. */
        TYPED,
        /** The card the reader asked a PIN for, whose PIN was not entered in time. */
        PIN_TIMED_OUT
    }

    public AccessRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(entry, "entry");
    }

    /** A read credential, with the PIN typed after it or null. */
    public AccessRequest(String device, CredentialKey credential, String pin, Instant at) {
        this(device, credential, pin, at, Entry.READ);
    }

    public static AccessRequest of(String device, CredentialKey credential, Instant at) {
        return new AccessRequest(device, credential, null, at);
    }

    /** Keys typed without a card: a visitor's code, or null when they make none. */
    public static AccessRequest typed(String device, CredentialKey code, Instant at) {
        return new AccessRequest(device, code, null, at, Entry.TYPED);
    }

    /** Whether this request is a keypad attempt, which the keypad's limits count: a PIN or a typed code. */
    public boolean keyed() {
        return pin != null || entry == Entry.TYPED;
    }

    /** Masked: a request in a log line must not carry a card number or a PIN. */
    @Override
    public String toString() {
        return "AccessRequest[" + device + ", " + (credential == null ? "-" : credential.masked()) + ", pin="
                + (pin == null ? "no" : "****") + ", " + entry + ", " + at + "]";
    }
}
