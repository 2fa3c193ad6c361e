package io.courtyard.uplink;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts one pull from the journal into MQTT messages.
 *
 * <p>Events are grouped by topic, topics in the order they first appear in the pull (the journal
 * hands urgent events first, so alarms lead), each topic's events in pull order, at most
 * {@code batchSize} per message. Order is kept per topic — which is all MQTT itself guarantees to
 * a subscriber — but events of different topics within one pull may swap places; grouping by
 * topic rather than by consecutive runs is what makes batching pay off with interleaved traffic.
 */
final class Batches {
    private Batches() {}

    static List<List<JournalEvent>> group(List<JournalEvent> pull, int batchSize) {
        if (batchSize <= 1) {
            List<List<JournalEvent>> out = new ArrayList<>(pull.size());
            pull.forEach(e -> out.add(List.of(e)));
            return out;
        }
        Map<EventKind, List<JournalEvent>> byTopic = new EnumMap<>(EventKind.class);
        List<EventKind> order = new ArrayList<>();
        for (JournalEvent e : pull) {
            byTopic.computeIfAbsent(e.kind(), k -> {
                        order.add(k);
                        return new ArrayList<>();
                    })
                    .add(e);
        }
        List<List<JournalEvent>> out = new ArrayList<>();
        for (EventKind k : order) {
            List<JournalEvent> events = byTopic.get(k);
            for (int i = 0; i < events.size(); i += batchSize) {
                out.add(events.subList(i, Math.min(events.size(), i + batchSize)));
            }
        }
        return out;
    }
}
