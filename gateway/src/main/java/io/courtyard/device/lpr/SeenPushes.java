package io.courtyard.device.lpr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.Reason;
import io.courtyard.device.lpr.push.Answer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds, at startup and from the journal alone, what the camera room must remember across a
 * restart: the recorded reads of the idempotency window with the answer each got (so a push
 * repeated after a crash is still answered the same and journaled once), and which cameras were
 * last reported offline (so their return is reported). Reads the journal's table directly, newest
 * first, and stops at the window's start or the ledger's size.
 */
final class SeenPushes {
    private static final Logger log = LoggerFactory.getLogger(SeenPushes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SeenPushes() {}

    /** What was loaded. */
    record Loaded(int reads, Set<String> offline) {}

    static Loaded load(Connection c, Set<String> barriers, PushLedger ledger, Duration window, int max, Instant now)
            throws SQLException {
        long cutoffUs = (now.toEpochMilli() - window.toMillis()) * 1000;
        long nowNanos = System.nanoTime();
        List<JsonNode> found = new ArrayList<>();
        List<Long> receivedUs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT device, received_us, body FROM events WHERE kind = 'access'" + " ORDER BY seq DESC")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && found.size() < max) {
                    long received = rs.getLong(2);
                    if (received < cutoffUs) {
                        break;
                    }
                    String body = rs.getString(3);
                    if (!barriers.contains(rs.getString(1)) || !body.contains("\"event\":\"plate-")) {
                        continue;
                    }
                    JsonNode n = parse(body);
                    if (n != null && n.path("key").isTextual()) {
                        found.add(n);
                        receivedUs.add(received);
                    }
                }
            }
        }
        // Oldest first, so a withheld event overrides the read it withheld and the ledger trims the oldest.
        Collections.reverse(found);
        Collections.reverse(receivedUs);
        int reads = 0;
        for (int i = 0; i < found.size(); i++) {
            JsonNode n = found.get(i);
            String key = n.get("key").asText();
            Instant received = Instant.EPOCH.plusNanos(receivedUs.get(i) * 1000);
            long receivedNanos = nowNanos - Duration.between(received, now).toNanos();
            Reason reason = reason(n.path("reason").asText());
            if (LprEvents.WITHHELD.equals(n.path("event").asText())) {
                ledger.withheld(key, Answer.shut(null, false));
                continue;
            }
            boolean replay = n.path("replay").asBoolean();
            Answer a = n.path("open").asBoolean() ? Answer.open(reason) : Answer.shut(reason, replay);
            ledger.recorded(key, fingerprint(n), receivedNanos, received, a);
            reads++;
        }
        return new Loaded(reads, offline(c, barriers));
    }

    /** {@code PlateRead.maskedFingerprint()} from what the event kept (the plate is masked there). */
    static String fingerprint(JsonNode n) {
        return "~" + n.path("plate").asText("") + "|" + n.path("confidence").asInt();
    }

    /** The barriers whose last device-offline alarm was a raise. */
    private static Set<String> offline(Connection c, Set<String> barriers) throws SQLException {
        Map<String, Boolean> last = new HashMap<>();
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT device, body FROM events WHERE kind = 'alarm' ORDER BY seq DESC");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next() && last.size() < barriers.size()) {
                String device = rs.getString(1);
                String body = rs.getString(2);
                if (barriers.contains(device) && !last.containsKey(device) && body.contains("\"device-offline\"")) {
                    last.put(device, body.contains("\"raised\""));
                }
            }
        }
        Set<String> out = new java.util.HashSet<>();
        last.forEach((d, raised) -> {
            if (raised) {
                out.add(d);
            }
        });
        return out;
    }

    private static Reason reason(String code) {
        for (Reason r : Reason.values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        return null;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            log.warn("camera reads: skipping a journal event whose body does not parse: {}", e.getOriginalMessage());
            return null;
        }
    }
}
