package io.courtyard.uplink;

import io.courtyard.journal.event.EventKind;
import java.util.EnumMap;
import java.util.Map;

/** The upstream topic names of one site: {@code {prefix}/{siteId}/{kind}} and {@code {prefix}/{siteId}/status}. */
public final class UplinkTopics {
    private final String base;
    private final Map<EventKind, String> events = new EnumMap<>(EventKind.class);

    public UplinkTopics(String prefix, String siteId) {
        this.base = prefix + "/" + siteId;
        for (EventKind k : EventKind.values()) {
            events.put(k, base + "/" + k.topic());
        }
    }

    public String event(EventKind kind) {
        return events.get(kind);
    }

    public String status() {
        return base + "/status";
    }

    /** Everything this site publishes, for a subscriber. */
    public String all() {
        return base + "/#";
    }
}
