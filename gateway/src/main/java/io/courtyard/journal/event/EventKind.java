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

    /**
     * The kind whose {@link #topic()} is {@code topic} in any case, as the journal stores it;
     * without the upper-casing copy {@code valueOf} would need for every row read.
     *
     * @throws IllegalArgumentException for a topic no kind has
     */
    public static EventKind ofTopic(String topic) {
        for (EventKind k : ALL) {
            if (k.topic.equals(topic)) {
                return k;
            }
        }
        for (EventKind k : ALL) {
            if (k.topic.equalsIgnoreCase(topic)) {
                return k; // as valueOf of the upper-cased name accepted
            }
        }
        throw new IllegalArgumentException("no event kind has the topic '" + topic + "'");
    }

    private static final EventKind[] ALL = values();

    public boolean purgeable() {
        return this == DEVICE;
    }

    public boolean urgent() {
        return this == ALARM;
    }
}
