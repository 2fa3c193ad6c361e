package io.courtyard.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A device asks: may this credential pass here, now?
 *
 * @param credential what was presented; null when nothing readable was (an unreadable plate)
 * @param pin digits entered on a keypad, or null
 * @param at when it was presented (the device's time when trusted, else the gateway's)
 */
public record AccessRequest(String device, CredentialKey credential, String pin, Instant at) {
    public AccessRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(at, "at");
    }

    public static AccessRequest of(String device, CredentialKey credential, Instant at) {
        return new AccessRequest(device, credential, null, at);
    }

    /** Masked: a request in a log line must not carry a card number or a PIN. */
    @Override
    public String toString() {
        return "AccessRequest[" + device + ", " + (credential == null ? "-" : credential.masked()) + ", pin="
                + (pin == null ? "no" : "****") + ", " + at + "]";
    }
}
