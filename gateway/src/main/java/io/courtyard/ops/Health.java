package io.courtyard.ops;

import io.courtyard.access.AccessService;
import io.courtyard.http.Responses;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.Version;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /health}: up or degraded, with what an operator checks first (site, version, uptime, the
 * journal's last durable event, the access list in force, and why the gateway is degraded).
 */
final class Health {
    private final String site;
    private final Supplier<Instant> startedAt;
    private final Journal journal;
    private final AccessService access;
    private final Map<String, Supplier<?>> sections;

    /** @param sections further named sections of the answer, each read at every request (e.g. "osdp") */
    Health(
            String site,
            Supplier<Instant> startedAt,
            Journal journal,
            AccessService access,
            Map<String, Supplier<?>> sections) {
        this.site = site;
        this.startedAt = startedAt;
        this.journal = journal;
        this.access = access;
        this.sections = new TreeMap<>(sections);
    }

    FullHttpResponse response() {
        Instant started = startedAt.get();
        String diskAlarm = journal.diskAlarm();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", diskAlarm == null ? "up" : "degraded");
        body.put("site", site);
        body.put("version", Version.current());
        body.put(
                "uptimeSeconds",
                started == null ? 0 : Duration.between(started, Instant.now()).toSeconds());
        body.put("journalSeq", journal.lastDurableSeq());
        body.put("aclVersion", started == null ? 0 : access.snapshot().version());
        if (diskAlarm != null) {
            body.put("diskAlarm", diskAlarm);
        }
        sections.forEach((name, section) -> body.put(name, section.get()));
        return Responses.json(body);
    }
}
