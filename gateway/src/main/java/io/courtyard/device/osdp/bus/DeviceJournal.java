package io.courtyard.device.osdp.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.Journal;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals PD state changes as {@link EventKind#DEVICE} events: online, offline, tamper and power,
 * a key provisioned in install mode; and Secure Channel violations as {@link EventKind#ALARM}s.
 * Appends never block the bus; a failed append is logged (the journal counts its own rejections).
 */
public final class DeviceJournal implements OsdpListener {
    private static final Logger log = LoggerFactory.getLogger(DeviceJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Clock clock;

    public DeviceJournal(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void online(Pd pd, PdInfo info) {
        ObjectNode body = body(pd, "online");
        body.put("security", info.security().name().toLowerCase(Locale.ROOT));
        body.put("checkMode", info.checkMode().name().toLowerCase(Locale.ROOT));
        body.put("vendor", info.id().vendorCode().hex());
        body.put("model", info.id().model());
        body.put("serial", info.id().serialNumber());
        body.put(
                "firmware",
                info.id().firmwareMajor() + "." + info.id().firmwareMinor() + "."
                        + info.id().firmwareBuild());
        append(pd, clock.instant(), body);
    }

    @Override
    public void offline(Pd pd, String reason) {
        append(pd, clock.instant(), body(pd, "offline").put("reason", reason));
    }

    @Override
    public void localStatus(Pd pd, boolean tamper, boolean powerFailure, Instant at) {
        append(pd, at, body(pd, "status").put("tamper", tamper).put("powerFailure", powerFailure));
    }

    // ---- Secure Channel notices (issue 8), apart from the presence events above ----

    /** {@code {"alarm":"secure-channel","violation":"plaintext","detail":…,"suppressedBefore":0,…}}: jumps the backlog. */
    @Override
    public void secureChannelViolation(Pd pd, Violation violation, String detail, int suppressedBefore, Instant at) {
        ObjectNode body = JSON.createObjectNode()
                .put("alarm", "secure-channel")
                .put("violation", violation.tag())
                .put("detail", detail)
                .put("suppressedBefore", suppressedBefore)
                .put("bus", pd.bus())
                .put("address", pd.address());
        append(EventKind.ALARM, pd, at, body);
    }

    /** {@code {"state":"key-provisioned",…}}; never the key. */
    @Override
    public void keyProvisioned(Pd pd, Instant at) {
        append(pd, at, body(pd, "key-provisioned"));
    }

    private static ObjectNode body(Pd pd, String state) {
        return JSON.createObjectNode().put("state", state).put("bus", pd.bus()).put("address", pd.address());
    }

    private void append(Pd pd, Instant at, ObjectNode body) {
        append(EventKind.DEVICE, pd, at, body);
    }

    private void append(EventKind kind, Pd pd, Instant at, ObjectNode body) {
        journal.append(new EventDraft(kind, pd.id(), at, at, body.toString())).whenComplete((event, error) -> {
            if (error != null) {
                log.warn("{}: device event not journaled: {}", pd, error.toString());
            }
        });
    }
}
