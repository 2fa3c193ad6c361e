package io.courtyard.sim.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.BuzzerControl;
import io.courtyard.device.osdp.Challenge;
import io.courtyard.device.osdp.ComReport;
import io.courtyard.device.osdp.ComSet;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Command.CapabilitiesRequest;
import io.courtyard.device.osdp.Command.IdRequest;
import io.courtyard.device.osdp.Command.InputStatusRequest;
import io.courtyard.device.osdp.Command.LocalStatusRequest;
import io.courtyard.device.osdp.Command.OutputStatusRequest;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.InitialRmac;
import io.courtyard.device.osdp.KeySet;
import io.courtyard.device.osdp.LedControl;
import io.courtyard.device.osdp.LedSetting;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.Ack;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import io.courtyard.device.osdp.SecureSessions;
import io.courtyard.device.osdp.ServerCryptogram;
import io.courtyard.device.osdp.UnknownReply;

/** What an emulated PD answers to each command (OSDP 2.2 command set), given its state. Called under the PD's lock. */
final class PdAnswers {
    /** A reply code no OSDP version defines, for the unknown-reply fault. */
    static final int UNKNOWN_CODE = 0x5F;

    private static final Ack ACK = new Ack();

    private PdAnswers() {}

    static Reply answer(EmulatedPd pd, Command c, boolean secured, SecureSessions sessions, long now) {
        if (c instanceof Poll) {
            Reply news = pd.nextNews();
            if (news != null) {
                return news;
            }
            return pd.takeUnknownReply() ? new UnknownReply(UNKNOWN_CODE, Bytes.ofUnsigned(1, 2, 3)) : ACK;
        }
        if (c instanceof IdRequest) {
            return pd.profile.id();
        }
        if (c instanceof CapabilitiesRequest) {
            return pd.profile.capabilities();
        }
        if (c instanceof LocalStatusRequest) {
            return pd.refusesStatus() ? Nak.of(Nak.Reason.UNKNOWN_COMMAND) : pd.localStatus();
        }
        if (c instanceof InputStatusRequest) {
            return pd.refusesStatus() ? Nak.of(Nak.Reason.UNKNOWN_COMMAND) : InputStatus.of(pd.inputsState());
        }
        if (c instanceof OutputStatusRequest) {
            return OutputStatus.of(pd.outputsState().states(now));
        }
        if (c instanceof OutputControl out) {
            return pd.applyOutputs(out, now) ? ACK : Nak.of(Nak.Reason.UNABLE_TO_PROCESS);
        }
        if (c instanceof LedControl led) {
            return led(pd, led);
        }
        if (c instanceof BuzzerControl buz) {
            pd.buzz(buz);
            return ACK;
        }
        if (c instanceof ComSet set) {
            return new ComReport(set.newAddress(), set.baudRate());
        }
        return secure(pd, c, secured, sessions);
    }

    private static Reply led(EmulatedPd pd, LedControl led) {
        for (LedSetting s : led.settings()) {
            // FACTS: common readers refuse a "set" whose on and off times are both 0.
            if (s.temporary().refusedByCommonReaders() || s.permanent().refusedByCommonReaders()) {
                return Nak.of(Nak.Reason.UNABLE_TO_PROCESS);
            }
        }
        pd.led(led);
        return ACK;
    }

    private static Reply secure(EmulatedPd pd, Command c, boolean secured, SecureSessions sessions) {
        int address = pd.address();
        if (c instanceof Challenge challenge) {
            sessions.remove(address);
            return pd.handshake().onChallenge(challenge);
        }
        if (c instanceof ServerCryptogram scrypt) {
            Reply r = pd.handshake().onServerCryptogram(scrypt);
            if (r instanceof InitialRmac) {
                // RMAC_I carries a handshake block and is never sealed; what follows is.
                pd.handshake().session().ifPresent(s -> sessions.put(address, s));
            }
            return r;
        }
        if (c instanceof KeySet keySet) {
            if (!secured || keySet.keyType() != KeySet.SCBK || keySet.key().length() != 16) {
                return Nak.of(secured ? Nak.Reason.UNABLE_TO_PROCESS : Nak.Reason.ENCRYPTION_REQUIRED);
            }
            pd.newKey(keySet.asScbk());
            return ACK;
        }
        return Nak.of(Nak.Reason.UNKNOWN_COMMAND);
    }
}
