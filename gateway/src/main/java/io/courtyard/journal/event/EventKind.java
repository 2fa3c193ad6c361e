package io.courtyard.journal.event;

import java.util.Locale;

/** What an event is about; decides its upstream topic, its priority and whether a full disk may purge it. */
public enum EventKind {
    /** A grant or deny decision at a gate, barrier or elevator. Never purged. */
    ACCESS,
    /** An elevator ride (credential, household, elevator, floors). Never purged; billing depends on it. */
    RIDE,
    /** A fault raised, acknowledged or cleared. Never purged. */
    FAULT,
    /** A device status sample or presence change: low-priority telemetry, purged first when the quota is hit. */
    DEVICE,
    /** A safety alarm (trapped passenger, forced door, fire): jumps any backlog. Never purged. */
    ALARM,
    /** A daily usage summary per elevator and household, for the platform's own billing. Never purged. */
    USAGE,
    /** A maintenance bill issued for one elevator and month. Never purged. */
    BILL,
    /** An operator's login, logout, change or export on the operator listener. Never purged. */
    AUDIT;

    private final String topic = name().toLowerCase(Locale.ROOT);

    /** The last segment of the upstream topic, {@code {prefix}/{siteId}/{topic}}. */
    public String topic() {
        return topic;
    }

    public boolean purgeable() {
        return this == DEVICE;
    }

    public boolean urgent() {
        return this == ALARM;
    }
}
