package io.courtyard.device.osdp.bus;

import io.courtyard.device.Bytes;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.osdp.KeypadData;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.LocalStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import io.courtyard.device.osdp.UnknownReply;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an online PD's replies into listener calls: card reads, keys, input and output states,
 * tamper and power. ACK, PDID, COM and the answers to callers' commands carry nothing to report.
 */
final class Reports {
    private static final Logger log = LoggerFactory.getLogger(Reports.class);
    /** osdp_KEYPPAD encodes '*' as DEL (OSDP 2.2). */
    private static final int STAR = 0x7F;
    /** ... and '#' as CR. */
    private static final int HASH = 0x0D;

    private final Pd pd;
    private final OsdpListener listener;
    private final BusMetrics metrics;
    private LocalStatus lastStatus;

    Reports(Pd pd, OsdpListener listener, BusMetrics metrics) {
        this.pd = pd;
        this.listener = listener;
        this.metrics = metrics;
    }

    void route(Reply reply, Instant at) {
        if (reply instanceof RawCardData raw) {
            CardRead read = Wiegand.decode(raw.bitCount(), raw.bits());
            metrics.card(read);
            listener.card(pd, raw.reader(), read, at);
        } else if (reply instanceof KeypadData keys) {
            listener.keypad(pd, keys.reader(), keys(keys.digits()), at);
        } else if (reply instanceof InputStatus inputs) {
            listener.inputs(pd, inputs, at);
        } else if (reply instanceof OutputStatus outputs) {
            listener.outputs(pd, outputs, at);
        } else if (reply instanceof LocalStatus status) {
            // PDs repeat LSTATR on request; the listener (and the journal) hear changes only.
            if (!status.equals(lastStatus)) {
                lastStatus = status;
                listener.localStatus(pd, status.tamper(), status.powerFailure(), at);
            }
        } else if (reply instanceof UnknownReply unknown) {
            log.debug("{}: unknown reply 0x{} ignored", pd, Integer.toHexString(unknown.code()));
        }
    }

    /** The next report of tamper and power is news again: after offline, the state is unknown. */
    void forget() {
        lastStatus = null;
    }

    static String keys(Bytes digits) {
        StringBuilder sb = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            int c = digits.unsigned(i);
            sb.append(c == STAR ? '*' : c == HASH ? '#' : (char) c);
        }
        return sb.toString();
    }

    /** A reply for a log line or a failure reason: a NAK with its reason, else the reply's type. */
    static String describe(Reply reply) {
        if (reply instanceof Nak nak) {
            return String.format(
                    Locale.ROOT,
                    "NAK 0x%02X (%s)",
                    nak.errorCode(),
                    nak.reason().map(Enum::name).orElse("unknown reason"));
        }
        return reply.getClass().getSimpleName();
    }
}
