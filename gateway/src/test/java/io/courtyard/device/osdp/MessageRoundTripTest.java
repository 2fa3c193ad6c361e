package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command and reply survives encode → bytes → decode unchanged, in both check modes. */
class MessageRoundTripTest extends OsdpCodecTestBase {

    /** KEYSET never leaves in clear: SecureChannelTest carries it inside a session. */
    static Stream<Arguments> commands() {
        return Samples.commands().stream()
                .filter(c -> !(c instanceof KeySet))
                .flatMap(c -> Stream.of(CheckMode.values()).map(m -> Arguments.of(c, m)));
    }

    static Stream<Arguments> replies() {
        return Samples.replies().stream()
                .flatMap(r -> Stream.of(CheckMode.values()).map(m -> Arguments.of(r, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("commands")
    void commandArrivesAtThePdAsSent(Command command, CheckMode mode) {
        EmbeddedChannel cp = cp();
        EmbeddedChannel pd = pd();
        OsdpPacket sent = OsdpPacket.command(0x7E, 2, mode, command);
        assertThat(sendOne(cp, pd, sent)).isEqualTo(sent);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("replies")
    void replyArrivesAtTheCpAsSent(Reply reply, CheckMode mode) {
        EmbeddedChannel cp = cp();
        EmbeddedChannel pd = pd();
        OsdpPacket sent = OsdpPacket.replyTo(OsdpPacket.command(3, 1, mode, new Command.Poll()), reply);
        OsdpPacket got = sendOne(pd, cp, sent);
        assertThat(got).isEqualTo(sent);
        assertThat(got.message().code()).isEqualTo(reply.code());
        assertThat(errors).isEmpty();
    }

    @Test
    void replySetsTheAddressHighBitAndCarriesTheCommandsSequence() {
        EmbeddedChannel pd = pd();
        byte[] bytes = wire(pd, OsdpPacket.replyTo(command(0x05, 3, new Command.Poll()), new Reply.Ack()));
        // SOM, address 0x85, length 8, control: sequence 3 + CRC, ACK, CRC.
        assertThat(hex(bytes)).startsWith("538508000740");
    }

    @Test
    void unknownCodesAreCountedNotFatal() {
        EmbeddedChannel cp = cp();
        EmbeddedChannel pd = pd();
        send(pd, cp, OsdpPacket.replyTo(command(1, 1, new Command.Poll()), new UnknownReply(0x51, Samples.RND)));
        send(cp, pd, command(1, 1, new UnknownCommand(0x6B, Samples.RND)));
        assertThat(counted(OsdpCodecMetrics.UNKNOWN)).isEqualTo(2);
        assertThat(errors).isEmpty();
    }

    @Test
    void panelIgnoresItsOwnCommandsEchoedBackByTheSerialServer() {
        EmbeddedChannel cp = cp();
        byte[] poll = wire(cp, command(1, 1, new Command.Poll()));
        writeBytes(cp, poll);
        assertThat(inbound(cp, OsdpPacket.class)).isEmpty();
        assertThat(counted(OsdpCodecMetrics.DROPPED)).isEqualTo(1);
        assertThat(errors).isEmpty();
    }
}
