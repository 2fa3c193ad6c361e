package io.courtyard.access;

import java.util.Locale;

/**
 * Why a decision came out as it did: one code per case, stable on the wire ({@link #code()}) and
 * meant for the crew at the gate as much as for upstream statistics.
 */
public enum Reason {
    /** Every rule passed. */
    GRANTED(true, "access granted"),
    /** Fire mode: the device is open (or elevator control released) for everyone. */
    EMERGENCY_OPEN(true, "fire mode: open for everyone"),
    /** Soft anti-passback: granted, but the holder was already on that side; flagged for review. */
    ANTI_PASSBACK_FLAGGED(true, "granted, flagged: anti-passback position says already on that side"),
    /** The zone is full, but the vehicle has a reserved space. */
    RESERVED_OVER_CAPACITY(true, "zone full, admitted to a reserved space"),

    /** The gateway has never received an access list: nobody but fire mode opens anything. */
    NO_ACCESS_LIST(false, "no access list has been applied yet"),
    /** The request names a device this gateway's configuration does not have. */
    UNKNOWN_DEVICE(false, "device not in the configuration"),
    /** Nothing was presented that can be a credential (an unreadable or foreign plate). */
    INVALID_CREDENTIAL(false, "not a readable credential"),
    /** A plate read the camera itself was less sure of than the barrier's configured threshold. */
    LOW_CONFIDENCE(false, "plate read below the confidence threshold"),
    /** Not in the access list. */
    UNKNOWN_CREDENTIAL(false, "credential not in the access list"),
    /** Credential, holder, pass or permit suspended. */
    SUSPENDED(false, "suspended"),
    /** Reported lost. */
    LOST(false, "reported lost"),
    /** Revoked. */
    REVOKED(false, "revoked"),
    /** Before the start of its validity (or of the pass window). */
    NOT_YET_VALID(false, "not yet valid"),
    /** After the end of its validity, the pass window or the permit's expiry. */
    EXPIRED(false, "expired"),
    /** A group gives this device, but none of those groups' schedules is open now. */
    OUTSIDE_SCHEDULE(false, "outside the schedule"),
    /** No group, pass or permit gives this device (or this parking zone). */
    NO_PERMISSION(false, "no permission for this device"),
    /** Allowed on the elevator, but no floor that this elevator serves. */
    NO_FLOOR(false, "no permitted floor on this elevator"),
    /** This device asks this holder for a PIN, and none was entered. */
    PIN_REQUIRED(false, "PIN required"),
    /** The PIN does not match. */
    PIN_WRONG(false, "wrong PIN"),
    /** The reader asked for the card's PIN and none was finished in time. */
    PIN_TIMEOUT(false, "PIN not entered in time"),
    /** Too many wrong PINs or unknown codes at this reader: its keypad is locked for a while. */
    KEYPAD_LOCKED(false, "keypad locked after too many failed entries"),
    /** Hard anti-passback: already on that side (entered twice, or leaving without having entered). */
    ANTI_PASSBACK(false, "anti-passback: already on that side"),
    /** The parking zone is at capacity and this vehicle has no reserved space. */
    ZONE_FULL(false, "parking zone full"),
    /** The visitor pass has no entries left. */
    PASS_USED_UP(false, "visitor pass used up"),
    /** Lockdown: only staff pass. */
    LOCKDOWN(false, "lockdown: staff only"),
    /**
     * The grant used up an entry of a limited pass, and the journal could not make that durable: a
     * crash would have made the entry reusable, so the door stays shut.
     */
    NOT_RECORDED(false, "the entry could not be recorded");

    private final boolean grants;
    private final String description;

    Reason(boolean grants, String description) {
        this.grants = grants;
        this.description = description;
    }

    public boolean grants() {
        return grants;
    }

    public String description() {
        return description;
    }

    /** The wire form, e.g. {@code unknown-credential}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
