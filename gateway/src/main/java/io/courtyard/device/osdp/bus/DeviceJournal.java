package io.courtyard.device.osdp.bus;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.Journal;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.KeyProvisioned;
import io.courtyard.journal.event.SecureChannelViolation;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals PD state changes as device events: online, offline, local status (tamper, power), a
 * key provisioned in install mode; and Secure Channel violations as alarms. The bus room's events
 * are built here and nowhere else. Appends never block the bus; a failed append is logged (the
 * journal counts its own rejections).
 */
public final class DeviceJournal implements OsdpListener {
    private static final Logger log = LoggerFactory.getLogger(DeviceJournal.class);

    private final Journal journal;
    private final Clock clock;

    public DeviceJournal(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public void online(Pd pd, PdInfo info) {
        append(
                pd,
                clock.instant(),
                new DeviceOnline(
                        pd.bus(),
                        pd.address(),
                        info.security().name().toLowerCase(Locale.ROOT),
                        info.checkMode().name().toLowerCase(Locale.ROOT),
                        info.id().vendorCode().hex(),
                        info.id().model(),
                        info.id().serialNumber(),
                        info.id().firmwareMajor() + "." + info.id().firmwareMinor() + "."
                                + info.id().firmwareBuild()));
    }

    @Override
    public void offline(Pd pd, String reason) {
        append(pd, clock.instant(), new DeviceOffline(pd.bus(), pd.address(), reason));
    }

    @Override
    public void localStatus(Pd pd, boolean tamper, boolean powerFailure, Instant at) {
        append(pd, at, new DeviceStatus(pd.bus(), pd.address(), tamper, powerFailure));
    }

    // ---- Secure Channel notices (issue 8), apart from the presence events above ----

    /** A {@link SecureChannelViolation} alarm: jumps the backlog. */
    @Override
    public void secureChannelViolation(Pd pd, Violation violation, String detail, int suppressedBefore, Instant at) {
        append(pd, at, new SecureChannelViolation(violation.tag(), detail, suppressedBefore, pd.bus(), pd.address()));
    }

    /** Never the key. */
    @Override
    public void keyProvisioned(Pd pd, Instant at) {
        append(pd, at, new KeyProvisioned(pd.bus(), pd.address()));
    }

    private void append(Pd pd, Instant at, Event event) {
        journal.append(EventDraft.at(pd.id(), at, event)).whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("{}: device event not journaled: {}", pd, error.toString());
            }
        });
    }
}
