package io.courtyard.device.osdp.bus;

import io.courtyard.device.card.CardRead;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans a bus's reports out to every listener; one listener's bug must not silence the others or the bus. */
final class Listeners implements OsdpListener {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<OsdpListener> listeners;

    Listeners(List<OsdpListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void online(Pd pd, PdInfo info) {
        each(pd, "online", l -> l.online(pd, info));
    }

    @Override
    public void offline(Pd pd, String reason) {
        each(pd, "offline", l -> l.offline(pd, reason));
    }

    @Override
    public void card(Pd pd, int reader, CardRead card, Instant at) {
        each(pd, "card", l -> l.card(pd, reader, card, at));
    }

    @Override
    public void keypad(Pd pd, int reader, String keys, Instant at) {
        each(pd, "keypad", l -> l.keypad(pd, reader, keys, at));
    }

    @Override
    public void inputs(Pd pd, InputStatus inputs, Instant at) {
        each(pd, "inputs", l -> l.inputs(pd, inputs, at));
    }

    @Override
    public void outputs(Pd pd, OutputStatus outputs, Instant at) {
        each(pd, "outputs", l -> l.outputs(pd, outputs, at));
    }

    @Override
    public void localStatus(Pd pd, boolean tamper, boolean powerFailure, Instant at) {
        each(pd, "localStatus", l -> l.localStatus(pd, tamper, powerFailure, at));
    }

    @Override
    public void secureChannelViolation(Pd pd, Violation violation, String detail, int suppressedBefore, Instant at) {
        each(pd, "secureChannelViolation", l -> l.secureChannelViolation(pd, violation, detail, suppressedBefore, at));
    }

    @Override
    public void keyProvisioned(Pd pd, Instant at) {
        each(pd, "keyProvisioned", l -> l.keyProvisioned(pd, at));
    }

    private void each(Pd pd, String what, Consumer<OsdpListener> call) {
        for (OsdpListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.error("OSDP listener {} failed on {} for {}", l.getClass().getName(), what, pd, e);
            }
        }
    }
}
