package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.Challenge;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.ComSet;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.InitialRmac;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.SecureSessions;
import io.courtyard.device.osdp.Sequence;
import io.courtyard.device.osdp.ServerCryptogram;

/**
 * A PD's side of the link rules (OSDP 2.2): sequence numbers (a repeated number gets the previous
 * reply unchanged, an unexpected one NAK 4, 0 starts over), check mode (a PD without CRC NAKs CRC
 * frames with code 1), and dropping the Secure Channel when the CP starts over, or refusing with NAK 6
 * (and dropping it) a command that arrives in clear while it is open.
 */
public final class PdLink {
    /** What the PD has seen, for tests and the load report. */
    public record Stats(long commands, long repeats, long naks, long sessions) {}

    private final EmulatedPd pd;
    private int lastSequence = -1;
    private OsdpPacket lastReply;
    private long lastTraffic = System.nanoTime();
    private long commands;
    private long repeats;
    private long naks;
    private long sessions;
    /** Set by a reboot: the session the codec still holds is gone for the PD. */
    private boolean sessionLost;

    PdLink(EmulatedPd pd) {
        this.pd = pd;
    }

    /** The reply to {@code packet}, or null when the PD stays quiet. Call on the server's event loop. */
    OsdpPacket receive(OsdpPacket packet, SecureSessions channelSessions, long now) {
        synchronized (pd) {
            lastTraffic = now;
            commands++;
            int address = pd.address();
            if (sessionLost) {
                // The codec opened this command with the old session; the rebooted PD answers in clear.
                channelSessions.remove(address);
                sessionLost = false;
            }
            if (packet.repeated() && lastReply != null) {
                repeats++;
                return lastReply;
            }
            if (packet.checkMode() == CheckMode.CRC && !pd.profile.crc()) {
                naks++;
                return new OsdpPacket(
                        address,
                        packet.sequence(),
                        CheckMode.CHECKSUM,
                        Nak.of(Nak.Reason.CHECK_CHARACTER),
                        false,
                        false);
            }
            Command command = (Command) packet.message();
            switch (Sequence.judge(lastSequence, packet.sequence())) {
                case REPEAT -> {
                    if (lastReply != null) {
                        repeats++;
                        return lastReply;
                    }
                }
                case UNEXPECTED -> {
                    naks++;
                    Nak nak = Nak.of(Nak.Reason.UNEXPECTED_SEQUENCE);
                    return pd.profile.sequenceNakAtZero()
                            ? new OsdpPacket(address, 0, packet.checkMode(), nak, false, false)
                            : OsdpPacket.replyTo(packet, nak);
                }
                case RESET -> channelSessions.remove(address);
                case NEW -> {}
            }
            boolean handshake = command instanceof Challenge || command instanceof ServerCryptogram;
            if (!packet.secured() && !handshake && channelSessions.get(address).isPresent()) {
                // Annex D: in a session a command in clear is never carried out, whoever sent it (a CP
                // that lost the session starts over at sequence 0, which dropped it above). The PD
                // drops the session and says so with NAK 6, in clear.
                channelSessions.remove(address);
                naks++;
                lastSequence = packet.sequence();
                lastReply = OsdpPacket.replyTo(packet, Nak.of(Nak.Reason.ENCRYPTION_REQUIRED));
                return lastReply;
            }
            // A plaintext impostor has no key: it cannot take part in a handshake.
            Reply reply = pd.isImpostor() && handshake
                    ? Nak.of(Nak.Reason.SECURITY_UNSUPPORTED)
                    : PdAnswers.answer(pd, command, packet.secured(), channelSessions, now);
            if (reply instanceof InitialRmac) {
                sessions++;
            }
            if (reply instanceof Nak) {
                naks++;
            }
            lastSequence = packet.sequence();
            lastReply = OsdpPacket.replyTo(packet, reply);
            if (command instanceof ComSet set && !(reply instanceof Nak)) {
                // osdp_COM goes out from the old address; the PD answers at the new one from then on.
                pd.readdress(set.newAddress());
            }
            return lastReply;
        }
    }

    /** A secured frame arrived without a session (dropped when idle, or broken): NAK 6 tells the CP. */
    OsdpPacket noSession(int sequence, CheckMode mode) {
        synchronized (pd) {
            naks++;
            lastReply = null;
            return new OsdpPacket(pd.address(), sequence, mode, Nak.of(Nak.Reason.ENCRYPTION_REQUIRED), false, false);
        }
    }

    /** A reboot: sequence, last reply and Secure Channel session are gone. */
    void forget() {
        synchronized (pd) {
            lastSequence = -1;
            lastReply = null;
            sessionLost = true;
        }
    }

    long idleNanos(long now) {
        synchronized (pd) {
            return now - lastTraffic;
        }
    }

    Stats stats() {
        synchronized (pd) {
            return new Stats(commands, repeats, naks, sessions);
        }
    }
}
