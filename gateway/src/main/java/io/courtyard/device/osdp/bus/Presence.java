package io.courtyard.device.osdp.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a PD is online, with the listener told once per change: online after each discovery,
 * offline when it was online, and once for a PD that has not come online since the gateway started.
 */
final class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private enum State {
        /** Not heard from since the gateway started. */
        UNKNOWN,
        ONLINE,
        OFFLINE
    }

    private final Pd pd;
    private final OsdpListener listener;
    private State state = State.UNKNOWN;
    /** Read by other threads ({@link OsdpBuses#online}, the online gauge). */
    private volatile boolean online;

    Presence(Pd pd, OsdpListener listener) {
        this.pd = pd;
        this.listener = listener;
    }

    boolean online() {
        return online;
    }

    /** Declared offline: it gets one attempt per probe rather than the full count of retries. */
    boolean offline() {
        return state == State.OFFLINE;
    }

    void cameOnline(PdInfo info) {
        state = State.ONLINE;
        online = true;
        if (info.security() == PdInfo.Security.INSTALL_KEY) {
            log.warn(
                    "{} online on SCBK-D, the publicly known install key: anyone on the line can read and forge"
                            + " its traffic; configure its own scbk",
                    pd);
        } else {
            log.info(
                    "{} online: {} {}, model {}, vendor {}",
                    pd,
                    info.security(),
                    info.checkMode(),
                    info.id().model(),
                    info.id().vendorCode());
        }
        listener.online(pd, info);
    }

    void wentOffline(String reason) {
        online = false;
        if (state != State.OFFLINE) {
            // A PD lost after it answered is a fault worth a warning; one not seen since start-up
            // (its serial server or the PD still booting after a power cut) is reported, not shouted.
            if (state == State.ONLINE) {
                log.warn("{} offline: {}", pd, reason);
            } else {
                log.info("{} not online yet: {}", pd, reason);
            }
            state = State.OFFLINE;
            listener.offline(pd, reason);
        }
    }
}
