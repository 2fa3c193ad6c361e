package io.courtyard.acl;

import io.courtyard.access.AccessList;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.config.AclConfig;
import io.courtyard.config.PinKey;
import io.courtyard.journal.EventSink;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Verifies a signed access-list message and, when it is the next one, applies it: store first
 * (one SQLite transaction), then the in-memory snapshot. Refusals keep the current list, are
 * counted, logged and journaled ({@link AclReports}). One updater per process; its methods are
 * serialized, and the store's version check covers a second process (an {@code acl import}).
 *
 * <p>Order of the checks: size and JSON, signature (nothing of an unsigned message is believed,
 * not even its version), payload format, site, version (old: replay; same digest: duplicate; ahead
 * of the next: gap), expiry, then the list's consistency (ambiguous credentials).
 */
public final class AclUpdater {
    private static final Logger log = LoggerFactory.getLogger(AclUpdater.class);

    /** Where the updater reads the current list and installs the next one. */
    public interface Target {
        AccessList current();

        /** Indexes a list; throws {@link IllegalArgumentException} when it cannot be decided on. */
        AccessSnapshot prepare(AccessList list);

        void install(AccessSnapshot snapshot);
    }

    /** What happened to one message. */
    public enum Outcome {
        APPLIED,
        /** The same message again (an MQTT redelivery): nothing to do, nothing to report. */
        DUPLICATE,
        REFUSED
    }

    /** Why a message was refused. */
    public enum Refusal {
        MALFORMED,
        BAD_SIGNATURE,
        NO_KEY,
        WRONG_SITE,
        REPLAY,
        GAP,
        EXPIRED,
        INVALID,
        CONFLICT,
        STORE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Security-relevant refusals are ALARM events; the others are device telemetry. */
        boolean alarming() {
            return this == BAD_SIGNATURE || this == WRONG_SITE || this == REPLAY;
        }
    }

    /** The result; {@code message} is null when the message could not be read or verified. */
    public record Result(Outcome outcome, Refusal refusal, String detail, long version, AclMessage message) {}

    private final String siteId;
    private final PublicKey key;
    private final PinKey pinKey;
    private final Connection conn;
    private final Target target;
    private final AclMetrics metrics;
    private final AclReports reports;
    private final Clock clock;

    /** @param key null when the configuration has none: every message is then refused (NO_KEY) */
    public AclUpdater(
            String siteId,
            PublicKey key,
            Connection conn,
            Target target,
            EventSink events,
            AclMetrics metrics,
            Clock clock) {
        this(siteId, new AclConfig(Optional.ofNullable(key)), conn, target, events, metrics, clock);
    }

    /** @param acl the signing key (without it every message is refused, NO_KEY) and the site's PIN key */
    public AclUpdater(
            String siteId,
            AclConfig acl,
            Connection conn,
            Target target,
            EventSink events,
            AclMetrics metrics,
            Clock clock) {
        this.siteId = siteId;
        this.key = acl.publicKey().orElse(null);
        this.pinKey = acl.pinKey().orElse(null);
        this.conn = conn;
        this.target = target;
        this.metrics = metrics;
        this.reports = new AclReports(events, clock);
        this.clock = clock;
    }

    /** Verifies and applies one signed message; {@code origin} names its way in ({@code mqtt}, {@code file:...}). */
    public synchronized Result apply(byte[] bytes, String origin) {
        long t0 = System.nanoTime();
        reloadIfChanged();
        long current = target.current().version();
        if (key == null) {
            return refuse(Refusal.NO_KEY, "no acl.publicKey configured; updates cannot be verified", null, origin);
        }
        SignedBundle bundle;
        try {
            bundle = SignedBundle.parse(bytes);
        } catch (AclFormatException e) {
            return refuse(Refusal.MALFORMED, e.getMessage(), null, origin);
        } catch (RuntimeException e) {
            // No input may escape as an exception: the refusal would go unrecorded and the sync's
            // worker would die with it.
            return refuse(Refusal.MALFORMED, "unreadable: " + e, null, origin);
        }
        if (!bundle.verify(key)) {
            String kid = bundle.keyId() == null ? "" : "; signed with key " + bundle.keyId();
            return refuse(
                    Refusal.BAD_SIGNATURE, "signature does not verify with key " + Keys.keyId(key) + kid, null, origin);
        }
        AclMessage m;
        try {
            m = AclMessage.read(bundle);
        } catch (AclFormatException e) {
            return refuse(Refusal.MALFORMED, e.getMessage(), null, origin);
        } catch (RuntimeException e) {
            return refuse(Refusal.MALFORMED, "unreadable: " + e, null, origin);
        }
        if (!siteId.equals(m.site())) {
            return refuse(Refusal.WRONG_SITE, "message for site " + m.site() + ", this is " + siteId, m, origin);
        }
        Result r = checkVersion(m, current, origin);
        if (r != null) {
            return r;
        }
        Instant now = clock.instant();
        if (!now.isBefore(m.expiresAt())) {
            return refuse(Refusal.EXPIRED, "expired at " + m.expiresAt() + " (now " + now + ")", m, origin);
        }
        String pins = PinPolicy.check(m, pinKey);
        if (pins != null) {
            return refuse(Refusal.INVALID, pins, m, origin);
        }
        AccessSnapshot next;
        try {
            next = target.prepare(build(m));
        } catch (IllegalArgumentException e) {
            return refuse(Refusal.INVALID, e.getMessage(), m, origin);
        }
        try {
            AclStore.apply(conn, m, current, now);
        } catch (AclStore.StaleVersionException e) {
            reloadIfChanged();
            return refuse(Refusal.CONFLICT, e.getMessage(), m, origin);
        } catch (SQLException e) {
            return refuse(Refusal.STORE, "not stored, the current list stays: " + e.getMessage(), m, origin);
        }
        target.install(next);
        metrics.applied(System.nanoTime() - t0);
        log.info(
                "access list {} from {} applied in {} ms: version {} -> {}, {}{}",
                m.summary(),
                origin,
                (System.nanoTime() - t0) / 1_000_000,
                current,
                m.version(),
                next.list().counts(),
                next.danglingReferences() == 0 ? "" : "; dangling references: " + next.warnings());
        PinPolicy.warn(m, origin);
        reports.applied(m, current, origin, next.danglingReferences());
        return new Result(Outcome.APPLIED, null, null, m.version(), m);
    }

    private Result checkVersion(AclMessage m, long current, String origin) {
        boolean delta = m.type() == AclMessage.Type.DELTA;
        if (m.version() == current && sameAsStored(m)) {
            metrics.duplicate();
            log.debug("access list {} from {}: already applied", m.summary(), origin);
            return new Result(Outcome.DUPLICATE, null, null, current, m);
        }
        if (m.version() <= current) {
            return refuse(
                    Refusal.REPLAY, "version " + m.version() + " is not newer than the applied " + current, m, origin);
        }
        if (delta && m.baseVersion() != current) {
            return refuse(
                    Refusal.GAP,
                    "delta " + m.baseVersion() + " -> " + m.version() + " but version " + current
                            + " is applied; a snapshot is needed",
                    m,
                    origin);
        }
        return null;
    }

    private boolean sameAsStored(AclMessage m) {
        try {
            return m.digest().equals(AclStore.digest(conn));
        } catch (SQLException e) {
            return false;
        }
    }

    private AccessList build(AclMessage m) {
        AclEntries entries =
                m.type() == AclMessage.Type.SNAPSHOT ? AclEntries.empty() : AclEntries.of(target.current());
        for (Map.Entry<EntryKind, List<String>> e : m.removals().entrySet()) {
            for (String id : e.getValue()) {
                if (!entries.remove(e.getKey(), id)) {
                    log.info(
                            "access list {}: removal of unknown {} {} ignored",
                            m.summary(),
                            e.getKey().tag(),
                            id);
                }
            }
        }
        for (AclMessage.Entry e : m.upserts()) {
            entries.put(e.kind(), e.value());
        }
        return entries.toList(m.version(), m.issuedAt());
    }

    private Result refuse(Refusal r, String rawDetail, AclMessage m, String origin) {
        String detail = LogText.safe(rawDetail);
        metrics.refused(r);
        long current = target.current().version();
        int suppressed = reports.refused(r, detail, m, current, origin);
        // Logged as often as journaled: a flood of forged messages must not flood the log either.
        if (suppressed >= 0) {
            log.atLevel(r.alarming() ? Level.ERROR : Level.WARN)
                    .log(
                            "access list message from {} {} ({}): {}; version {} stays in force{}",
                            origin,
                            r.alarming() ? "REFUSED" : "refused",
                            r.tag(),
                            detail,
                            current,
                            suppressed == 0
                                    ? ""
                                    : " (" + suppressed + " more refused for this reason since the last report)");
        } else {
            log.debug("access list message from {} refused ({}): {}", origin, r.tag(), detail);
        }
        return new Result(Outcome.REFUSED, r, detail, current, m);
    }

    /**
     * Installs the stored list when another process (an {@code acl import}) changed it; called
     * before every message and by the gateway's watcher. True when it reloaded.
     */
    public synchronized boolean reloadIfChanged() {
        try {
            long stored = AclStore.version(conn);
            if (stored == target.current().version()) {
                return false;
            }
            long t0 = System.nanoTime();
            long from = target.current().version();
            AccessSnapshot s = target.prepare(AclStore.load(conn));
            target.install(s);
            reports.reloaded(from, s.version());
            log.info(
                    "access list version {} installed from the store (applied by another process) in {} ms",
                    stored,
                    (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (SQLException | RuntimeException e) {
            log.error("cannot reload the access list from the store: {}", e.toString());
            return false;
        }
    }

    /** The version decisions read now. */
    public long currentVersion() {
        return target.current().version();
    }

    /** For the sync: count a message dropped before it reached {@link #apply}. */
    void dropped(String reason) {
        metrics.dropped(reason);
    }

    /**
     * For the sync: a message over {@link SignedBundle#MAX_BYTES} was dropped unread. Not
     * synchronized: it runs on the MQTT thread and must not wait for an apply; the report is
     * throttled like every refusal.
     */
    void oversize(long bytes, String origin) {
        metrics.dropped("oversize");
        metrics.refused(Refusal.MALFORMED);
        reports.refused(
                Refusal.MALFORMED,
                "message of " + bytes + " bytes exceeds " + SignedBundle.MAX_BYTES,
                null,
                target.current().version(),
                origin);
    }

    /** For the sync: note that a snapshot request went out. */
    void snapshotRequested() {
        metrics.snapshotRequested();
    }
}
