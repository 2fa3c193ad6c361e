package io.courtyard.sim.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.ClientCryptogram;
import io.courtyard.device.osdp.ComReport;
import io.courtyard.device.osdp.ComSet;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Command.IdRequest;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.CpHandshake;
import io.courtyard.device.osdp.KeySet;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.PdId;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.Ack;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.SecureSessions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The emulated PD's link rules and output timers, without a network. */
class PdLinkTest {
    private static final long MS = 1_000_000L;

    private final SecureSessions sessions = new SecureSessions();

    private static OsdpPacket command(int sequence, Command c) {
        return OsdpPacket.command(1, sequence, CheckMode.CRC, c);
    }

    private static Reply answer(EmulatedPd pd, OsdpPacket p, SecureSessions sessions) {
        return (Reply) pd.link().receive(p, sessions, System.nanoTime()).message();
    }

    @Test
    void aRepeatedCommandGetsThePreviousReplyUnchangedEvenIfNewsArrivedSince() {
        EmulatedPd pd = new EmulatedPd(1, PdProfile.reader());
        pd.link().receive(command(0, IdRequest.STANDARD), sessions, 0);
        OsdpPacket poll = command(1, new Poll());
        OsdpPacket first = pd.link().receive(poll, sessions, 0);
        pd.setTamper(true);
        OsdpPacket again = pd.link().receive(new OsdpPacket(1, 1, CheckMode.CRC, new Poll(), false, true), sessions, 0);

        assertThat(again).isSameAs(first);
        assertThat(first.message()).isEqualTo(new Ack());
        assertThat(pd.stats().repeats()).isEqualTo(1);
    }

    @Test
    void anUnexpectedSequenceIsNakedAndZeroStartsOver() {
        EmulatedPd pd = new EmulatedPd(1, PdProfile.reader());
        assertThat(answer(pd, command(2, new Poll()), sessions)).isEqualTo(Nak.of(Nak.Reason.UNEXPECTED_SEQUENCE));
        assertThat(answer(pd, command(0, IdRequest.STANDARD), sessions)).isInstanceOf(PdId.class);
        assertThat(answer(pd, command(1, new Poll()), sessions)).isEqualTo(new Ack());
        assertThat(answer(pd, command(3, new Poll()), sessions)).isEqualTo(Nak.of(Nak.Reason.UNEXPECTED_SEQUENCE));
    }

    @Test
    void aPdWithoutCrcNaksCrcFramesWithCodeOneInChecksumMode() {
        EmulatedPd pd = new EmulatedPd(1, PdProfile.reader().checksumOnly());
        OsdpPacket nak = pd.link().receive(command(0, IdRequest.STANDARD), sessions, 0);
        assertThat(nak.message()).isEqualTo(Nak.of(Nak.Reason.CHECK_CHARACTER));
        assertThat(nak.checkMode()).isEqualTo(CheckMode.CHECKSUM);
        OsdpPacket id =
                pd.link().receive(OsdpPacket.command(1, 0, CheckMode.CHECKSUM, IdRequest.STANDARD), sessions, 0);
        assertThat(id.message()).isInstanceOf(PdId.class);
    }

    @Test
    void keysetInClearIsRefusedAndTheKeyKept() {
        EmulatedPd pd = new EmulatedPd(1, PdProfile.reader().factoryFresh());
        answer(pd, command(0, IdRequest.STANDARD), sessions);
        Reply r = answer(pd, command(1, KeySet.scbk(Scbk.fromHex("000102030405060708090a0b0c0d0e0f"))), sessions);
        assertThat(r).isEqualTo(Nak.of(Nak.Reason.ENCRYPTION_REQUIRED));
        assertThat(pd.scbk()).isNull();
    }

    @Test
    void comsetAnswersComFromTheOldAddressThenThePdAnswersAtTheNewOne() {
        EmulatedPd pd = new EmulatedPd(1, PdProfile.reader());
        answer(pd, command(0, IdRequest.STANDARD), sessions);
        OsdpPacket com = pd.link().receive(command(1, new ComSet(9, 115_200)), sessions, 0);
        assertThat(com.pdAddress()).isEqualTo(1);
        assertThat(com.message()).isEqualTo(new ComReport(9, 115_200));
        assertThat(pd.address()).isEqualTo(9);
    }

    @Test
    void temporaryOnRunsForItsTimerThenThePermanentStateResumes() {
        Outputs out = new Outputs(2);
        long t = 1_000 * MS;
        out.apply(OutputControl.of(new Output(0, Action.TEMPORARY_ON, 3)), t);
        assertThat(out.on(0, t + 299 * MS)).isTrue();
        assertThat(out.on(0, t + 300 * MS)).isFalse();

        out.apply(OutputControl.of(new Output(1, Action.TEMPORARY_ON, 2)), t);
        out.apply(OutputControl.of(new Output(1, Action.PERMANENT_ON_AFTER_TIMED, 0)), t + 10 * MS);
        assertThat(out.on(1, t + 500 * MS))
                .as("permanent on once the timer ran out")
                .isTrue();
        out.apply(OutputControl.of(Output.off(1)), t + 600 * MS);
        assertThat(out.on(1, t + 601 * MS)).isFalse();
        assertThat(out.activations(0)).isEqualTo(1);
        assertThat(out.apply(OutputControl.of(Output.on(5)), t))
                .as("no output 5 on this board")
                .isFalse();
    }

    @Test
    void aCommandInClearWhileTheSessionIsOpenIsNakedNotCarriedOutAndEndsTheSession() {
        Scbk key = Scbk.fromHex("000102030405060708090a0b0c0d0e0f");
        EmulatedPd pd = new EmulatedPd(1, PdProfile.reader().withScbk(key));
        answer(pd, command(0, IdRequest.STANDARD), sessions);
        CpHandshake cp = CpHandshake.paired(1, key, new SecureRandom());
        ClientCryptogram ccrypt = (ClientCryptogram) answer(pd, command(1, cp.challenge()), sessions);
        answer(pd, command(2, cp.onClientCryptogram(ccrypt)), sessions);
        assertThat(sessions.get(1)).isPresent();

        Reply r = answer(pd, command(3, OutputControl.of(Output.on(0))), sessions);

        assertThat(r).isEqualTo(Nak.of(Nak.Reason.ENCRYPTION_REQUIRED));
        assertThat(pd.output(0)).as("the strike never moved").isFalse();
        assertThat(sessions.get(1)).isEmpty();
    }
}
