package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Command.InputStatusRequest;
import io.courtyard.device.osdp.Command.LocalStatusRequest;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.Reply;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of a PD's states the gateway watches, from its answers to the status requests after
 * discovery: a PD that NAKs osdp_LSTAT leaves tamper unwatched, one that NAKs osdp_ISTAT the door
 * contact and exit button. Said once at WARN when monitoring goes off (not at every rediscovery),
 * once at INFO when it comes back, and shown on /health. Confined to the bus's event loop but for
 * {@link #off()}.
 */
final class Monitoring {
    /** A state the PD reports on request. */
    enum Watched {
        TAMPER("osdp_LSTAT", "tamper and power"),
        INPUTS("osdp_ISTAT", "door contact and exit button");

        final String request;
        final String what;

        Watched(String request, String what) {
            this.request = request;
            this.what = what;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);

    private final Pd pd;
    private final Set<Watched> off = EnumSet.noneOf(Watched.class);
    private volatile List<String> offTags = List.of();

    Monitoring(Pd pd) {
        this.pd = pd;
    }

    /** The requests sent after discovery: their answers are the first states, or tell what is not watched. */
    List<PendingCommand> statusRequests() {
        return List.of(
                PendingCommand.internal(new LocalStatusRequest(), r -> answered(Watched.TAMPER, r)),
                PendingCommand.internal(new InputStatusRequest(), r -> answered(Watched.INPUTS, r)));
    }

    /** The PD's answer to the status request for {@code watched}. */
    void answered(Watched watched, Reply reply) {
        boolean refused = reply instanceof Nak;
        if (refused == off.contains(watched)) {
            return;
        }
        if (refused) {
            off.add(watched);
            log.warn(
                    "{}: the PD refused {} ({}): {} monitoring is off for the gate or elevator it serves",
                    pd,
                    watched.request,
                    Reports.describe(reply),
                    watched.what);
        } else {
            off.remove(watched);
            log.info("{}: the PD answers {} again: {} monitoring is back", pd, watched.request, watched.what);
        }
        offTags = off.stream().map(Watched::tag).toList();
    }

    /** Tags of what is not watched, for /health; safe from any thread. */
    List<String> off() {
        return offTags;
    }
}
