package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.Reply;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PD's Secure Channel as the poller holds it (OSDP 2.2 Annex D): whether traffic must go sealed,
 * how the PD was protected when it went online, what a reply without a verified MAC may mean, and
 * the violations. Confined to the bus's event loop but for the /health reads.
 */
final class SecureLink {
    private static final Logger log = LoggerFactory.getLogger(SecureLink.class);
    /** What a PD that lost its session can answer a sealed command with: NAK 4, 5 or 6, in clear. */
    private static final Set<Nak.Reason> SESSION_LOST =
            EnumSet.of(Nak.Reason.UNEXPECTED_SEQUENCE, Nak.Reason.SECURITY_UNSUPPORTED, Nak.Reason.ENCRYPTION_REQUIRED);

    private final Pd pd;
    private final BusContext bus;
    private final ViolationReports violations;
    /** How the current online period is protected; null while not online. */
    private volatile PdInfo.Security security;
    /** The same, kept through offline periods for /health. */
    private volatile PdInfo.Security last;

    SecureLink(Pd pd, BusContext bus) {
        this.pd = pd;
        this.bus = bus;
        this.violations = new ViolationReports(pd, bus.listener, bus.metrics);
    }

    void online(PdInfo.Security how) {
        security = how;
        last = how;
    }

    /** Offline, restarted: whatever the next discovery establishes. */
    void reset() {
        security = null;
        bus.sessions().remove(pd.address());
    }

    /**
     * Whether traffic must be sealed now: a session is open (during discovery, for KEYSET), or the PD
     * went online under one. In the second case a missing session is a fault, never a reason to talk
     * in clear: the codec refuses to send.
     */
    boolean required() {
        return bus.sessions().get(pd.address()).isPresent() || (security != null && security != PdInfo.Security.CLEAR);
    }

    /**
     * A reply without a verified MAC where one was due. Only a PD that lost its session (rebooted,
     * or dropped it when idle) may say so, with NAK 4, 5 or 6 in clear: the reason to start over.
     *
     * @return that reason, or null when the reply is a violation
     */
    static String sessionLost(Reply reply) {
        if (!(reply instanceof Nak nak) || !SESSION_LOST.contains(nak.reason().orElse(Nak.Reason.NONE))) {
            return null;
        }
        return nak.reason().get() == Nak.Reason.UNEXPECTED_SEQUENCE
                ? "PD lost the sequence (it may have restarted) and its Secure Channel"
                : "Secure Channel lost: PD answered " + Reports.describe(nak) + " in clear";
    }

    /** Install mode handed the PD the configured key: said at WARN, since it travelled under SCBK-D. */
    void keyProvisioned() {
        log.warn(
                "{}: install mode handed the PD its configured key under SCBK-D, which anyone on the line can"
                        + " read; set its secureChannel to on once every PD is provisioned",
                pd);
        bus.listener.keyProvisioned(pd, bus.clock.instant());
    }

    void violation(Violation violation, String detail, long now) {
        violations.report(violation, detail, bus.clock.instant(), now);
    }

    String describe() {
        return PdHealth.describe(last);
    }

    long violations() {
        return violations.total();
    }
}
