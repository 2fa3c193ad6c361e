package io.courtyard.device.osdp.bus;

import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.Busy;
import io.courtyard.device.osdp.Sequence;
import io.courtyard.device.osdp.bus.CommandResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PD as the control panel sees it: its presence, sequence number, check mode, the command in
 * flight and the queue behind it, discovery while it is not online. The poller asks it for the next
 * packet and tells it how the exchange ended; it never touches the channel. Once a Secure Channel
 * session is open every command goes sealed and every reply must carry a verified MAC; anything
 * else breaks the session ({@link #securityViolation}). Confined to the bus's event loop, except
 * {@link #online()} and {@link #health()}.
 */
final class Peripheral {
    private static final Logger log = LoggerFactory.getLogger(Peripheral.class);
    private static final Poll POLL = new Poll();

    final Pd pd;
    private final OsdpDevice device;
    private final BusContext bus;
    private final Sequence sequence = new Sequence();
    private final CommandQueue commands;
    private final Reports reports;
    private Discovery discovery;
    private final Presence presence;
    private final Monitoring monitoring;
    private final SecureLink secure;

    private CheckMode checkMode = CheckMode.CRC;
    private OsdpPacket inFlight;
    private int missed;
    private int busy;
    private long dueAt = System.nanoTime();
    private long lastPoll;
    private String lastFailure;
    /** A restart asked for from outside (a remote command) while an exchange was on the line. */
    private String restartRequested;
    /** Callers waiting for the PD to come online after such a restart. */
    private final List<CompletableFuture<Void>> onlineWaiters = new ArrayList<>();

    Peripheral(Pd pd, OsdpDevice device, BusContext bus) {
        this.pd = pd;
        this.device = device;
        this.bus = bus;
        this.presence = new Presence(pd, bus.listener);
        this.reports = new Reports(pd, bus.listener, bus.metrics);
        this.commands = new CommandQueue(pd, bus.options.queueCapacity(), bus.metrics);
        this.monitoring = new Monitoring(pd);
        this.secure = new SecureLink(pd, bus);
        this.discovery = newDiscovery();
    }

    boolean online() {
        return presence.online();
    }

    PdHealth health() {
        return new PdHealth(
                pd.id(),
                pd.bus(),
                pd.address(),
                presence.online(),
                secure.describe(),
                monitoring.off(),
                secure.violations());
    }

    /** Whether traffic with the PD must go sealed now; see {@link SecureLink#required()}. */
    boolean expectsSession() {
        return secure.required();
    }

    /** A caller's command waits: it goes ahead of routine polls so that an OUT follows its card at once. */
    boolean urgent() {
        return discovery == null && !commands.isEmpty();
    }

    boolean dueBy(long now) {
        return urgent() || dueAt - now <= 0;
    }

    long dueAt() {
        return dueAt;
    }

    /** Queues a caller's command, or completes it at once when it cannot be sent. */
    boolean enqueue(PendingCommand c) {
        return commands.offer(
                c, presence.online(), bus.sessions().get(pd.address()).isPresent());
    }

    /**
     * Starts the PD over from discovery: sequence from 0, a new handshake, the permanent outputs
     * sent again when it comes online, and {@code online} completes then. Never mid-exchange, which
     * would break the Secure Channel's MAC chain and leave a reply to a forgotten command: with one
     * on the line, when it ends ({@link #exchangeEnded}). Called on the bus's loop, outside a pump.
     */
    void restartRequested(String reason, CompletableFuture<Void> online, long now) {
        onlineWaiters.add(online);
        if (inFlight == null) {
            restartNow(reason, now);
        } else {
            restartRequested = reason;
        }
    }

    /** The exchange with this PD ended (answered, timed out or broken): a restart asked for meanwhile happens now. */
    void exchangeEnded(long now) {
        if (restartRequested != null) {
            String reason = restartRequested;
            restartRequested = null;
            restartNow(reason, now);
        }
    }

    private void restartNow(String reason, long now) {
        log.info("{}: starting over from discovery ({})", pd, reason);
        restart(reason, null, now);
    }

    /** The packet for this PD's slot: the unanswered one again (same sequence), else the next command. */
    OsdpPacket packet(long now) {
        if (inFlight != null) {
            bus.metrics.retry();
            return inFlight;
        }
        Command c;
        if (discovery != null) {
            c = discovery.next();
            bus.metrics.command();
        } else if ((c = commands.take()) != null) {
            bus.metrics.command();
        } else {
            c = POLL;
            bus.metrics.poll(lastPoll == 0 ? 0 : now - lastPoll);
            lastPoll = now;
        }
        inFlight = expectsSession()
                ? OsdpPacket.sealedCommand(pd.address(), sequence.next(), checkMode, c)
                : OsdpPacket.command(pd.address(), sequence.next(), checkMode, c);
        return inFlight;
    }

    void written(long now) {
        commands.sent(now);
    }

    /** @param secured the reply carried a MAC that verified */
    void onReply(Reply reply, boolean secured, long now) {
        missed = 0;
        if (inFlight != null && inFlight.secured() && !secured) {
            unsecured(reply, now);
            return;
        }
        if (reply instanceof Busy) {
            onBusy(now);
            return;
        }
        inFlight = null;
        busy = 0;
        if (reply instanceof Nak nak && protocolNak(nak, now)) {
            return;
        }
        if (discovery != null) {
            discovered(reply, now);
        } else {
            polled(reply, now);
        }
    }

    void onTimeout(long now) {
        missed++;
        bus.metrics.timeout();
        // An offline PD gets one attempt per probe: every attempt holds the whole bus for a reply timeout.
        int allowed = presence.offline() ? 1 : bus.config.offlineAfterMissed();
        if (missed < allowed) {
            dueAt = now;
            return;
        }
        String reason = "no reply to " + missed + (missed == 1 ? " attempt" : " attempts");
        commands.clear(Status.TIMED_OUT, pd + ": " + reason);
        resetProtocol();
        checkMode = CheckMode.CRC;
        dueAt = now + bus.offlineProbeNanos;
        presence.wentOffline(reason);
    }

    /** The codec could not seal for this PD: its Secure Channel broke on a bad MAC, or is gone. */
    void sessionBroken(String why, long now) {
        restart("Secure Channel broken: " + why, null, now);
    }

    /**
     * Traffic from this PD broke a Secure Channel rule: it is counted and reported, nothing it
     * carried reaches the listeners, and the PD starts over from discovery and a new handshake.
     * Ignored when no session is expected (a sealed reply arriving late, after a restart).
     */
    void securityViolation(Violation violation, String detail, long now) {
        if (!secure.required()) {
            return;
        }
        secure.violation(violation, detail, now);
        restart("Secure Channel violation (" + violation.tag() + "): " + detail, null, now);
    }

    void connectionLost(String reason, long now) {
        commands.clear(Status.OFFLINE, pd + ": " + reason);
        resetProtocol();
        checkMode = CheckMode.CRC;
        dueAt = now;
        presence.wentOffline(reason);
    }

    void stopped() {
        commands.clear(Status.STOPPED, "OSDP buses stopping");
        onlineWaiters.forEach(w -> w.completeExceptionally(new IllegalStateException("OSDP buses stopping")));
        onlineWaiters.clear();
    }

    /** A reply without a verified MAC where one was due: a PD that lost its session, or a violation. */
    private void unsecured(Reply reply, long now) {
        String lost = SecureLink.sessionLost(reply);
        if (lost != null) {
            // Nothing a NAK in clear says is used: it only makes the handshake start over.
            restart(lost, null, now);
        } else {
            securityViolation(Violation.PLAINTEXT, "answered " + Reports.describe(reply) + " without a MAC", now);
        }
    }

    /** NAKs that concern the link rather than the command; true when handled. */
    private boolean protocolNak(Nak nak, long now) {
        Nak.Reason reason = nak.reason().orElse(Nak.Reason.NONE);
        if (reason == Nak.Reason.CHECK_CHARACTER && checkMode == CheckMode.CRC) {
            // FACTS: a PD without CRC NAKs it with code 1; start over in checksum mode.
            checkMode = CheckMode.CHECKSUM;
            log.info("{}: PD refuses CRC, falling back to checksum mode", pd);
            restart("PD refused CRC", nak, now);
            return true;
        }
        if (reason == Nak.Reason.UNEXPECTED_SEQUENCE) {
            restart("PD lost the sequence (it may have restarted)", nak, now);
            return true;
        }
        boolean secured = bus.sessions().get(pd.address()).isPresent();
        if (discovery == null
                && secured
                && (reason == Nak.Reason.SECURITY_UNSUPPORTED || reason == Nak.Reason.ENCRYPTION_REQUIRED)) {
            restart("Secure Channel lost: PD answered " + Reports.describe(nak), nak, now);
            return true;
        }
        return false;
    }

    private void discovered(Reply reply, long now) {
        String failure = discovery.onReply(reply);
        if (failure != null) {
            if (!failure.equals(lastFailure)) {
                log.warn("{}: discovery failed: {}", pd, failure);
                lastFailure = failure;
            }
            resetProtocol();
            dueAt = now + bus.offlineProbeNanos;
            presence.wentOffline(failure);
            return;
        }
        if (discovery.crcRefused() && checkMode == CheckMode.CRC) {
            log.info("{}: capabilities say no CRC, using checksum mode", pd);
            checkMode = CheckMode.CHECKSUM;
        }
        dueAt = now;
        if (discovery.complete()) {
            goOnline();
        }
    }

    private void goOnline() {
        PdInfo info = discovery.info(checkMode);
        discovery = null;
        lastFailure = null;
        secure.online(info.security());
        // Drivers need the door contact and tamper state before the first change is reported.
        monitoring.statusRequests().forEach(commands::addInternal);
        presence.cameOnline(info);
        onlineWaiters.forEach(w -> w.complete(null));
        onlineWaiters.clear();
    }

    private void polled(Reply reply, long now) {
        dueAt = lastPoll == 0 ? now : lastPoll + bus.pollIntervalNanos;
        commands.answered(reply);
        reports.route(reply, bus.clock.instant());
    }

    private void onBusy(long now) {
        // OSDP 2.2: BUSY asks for the same command again later; a PD busy for ever drops it, not the bus.
        if (++busy > bus.config.offlineAfterMissed()) {
            inFlight = null;
            busy = 0;
            commands.abandon(Status.TIMED_OUT, pd + " stayed BUSY");
        }
        dueAt = now + bus.pollIntervalNanos;
    }

    /**
     * The PD starts over from osdp_ID at once; the in-flight command gets the NAK, the queue is
     * dropped. Offline is reported only if it was online: a restart mid-discovery is no news.
     */
    private void restart(String reason, Nak nak, long now) {
        if (nak != null) {
            commands.answered(nak);
        }
        commands.clear(Status.OFFLINE, pd + ": " + reason);
        resetProtocol();
        dueAt = now;
        if (presence.online()) {
            presence.wentOffline(reason);
        }
    }

    /** Back to square one: sequence from 0, no session, discovery again (OSDP 2.2 sequence rules). */
    private void resetProtocol() {
        // Any start over is the one a remote reset asked for.
        restartRequested = null;
        inFlight = null;
        missed = 0;
        busy = 0;
        lastPoll = 0;
        sequence.reset();
        secure.reset();
        reports.forget();
        discovery = newDiscovery();
    }

    private Discovery newDiscovery() {
        return new Discovery(pd.address(), device, bus, secure::keyProvisioned);
    }
}
