package io.courtyard.ops;

import io.courtyard.access.AccessService;
import io.courtyard.http.Responses;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.Version;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /health}: up or degraded, with what an operator checks first (site, version, uptime, the
 * journal's last durable event, the access list in force, and why the gateway is degraded).
 */
final class Health {
    private final String site;
    private final Supplier<Duration> uptime;
    private final Journal journal;
    private final AccessService access;
    private final Supplier<String> clockAlarm;
    private final Map<String, Supplier<?>> sections;

    /**
     * @param uptime on the monotonic clock (a wall clock set back must not make it negative); null before start
     * @param clockAlarm why the system clock is not trusted, or null
     * @param sections further named sections of the answer, each read at every request (e.g. "osdp")
     */
    Health(
            String site,
            Supplier<Duration> uptime,
            Journal journal,
            AccessService access,
            Supplier<String> clockAlarm,
            Map<String, Supplier<?>> sections) {
        this.site = site;
        this.uptime = uptime;
        this.journal = journal;
        this.access = access;
        this.clockAlarm = clockAlarm;
        this.sections = new TreeMap<>(sections);
    }

    /** One line for systemd's STATUS ({@code systemctl status}): site, up or why degraded, journal position. */
    String summary() {
        List<String> why = degradedBecause();
        return "site " + site + (why.isEmpty() ? " up" : " degraded (" + String.join("; ", why) + ")")
                + "; journal at seq " + journal.lastDurableSeq();
    }

    private List<String> degradedBecause() {
        List<String> why = new ArrayList<>(2);
        String disk = journal.diskAlarm();
        String clock = clockAlarm.get();
        if (disk != null) {
            why.add(disk);
        }
        if (clock != null) {
            why.add(clock);
        }
        return why;
    }

    FullHttpResponse response() {
        Duration up = uptime.get();
        String diskAlarm = journal.diskAlarm();
        String clock = clockAlarm.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", diskAlarm == null && clock == null ? "up" : "degraded");
        body.put("site", site);
        body.put("version", Version.current());
        body.put("uptimeSeconds", up == null ? 0 : up.toSeconds());
        body.put("journalSeq", journal.lastDurableSeq());
        body.put("aclVersion", up == null ? 0 : access.snapshot().version());
        if (diskAlarm != null) {
            body.put("diskAlarm", diskAlarm);
        }
        if (clock != null) {
            body.put("clockAlarm", clock);
        }
        sections.forEach((name, section) -> body.put(name, section.get()));
        return Responses.json(body);
    }
}
