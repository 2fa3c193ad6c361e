package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.Command.CapabilitiesRequest;
import io.courtyard.device.osdp.Command.IdRequest;
import io.courtyard.device.osdp.Command.InputStatusRequest;
import io.courtyard.device.osdp.Command.LocalStatusRequest;
import io.courtyard.device.osdp.Command.OutputStatusRequest;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.PdCapabilities.Capability;
import io.courtyard.device.osdp.Reply.Ack;
import io.courtyard.device.osdp.Reply.Busy;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.LocalStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** One or more instances of every command and reply the codec models, plus unknown ones. */
final class Samples {
    static final Bytes RND = Bytes.fromHex("0102030405060708");
    static final Bytes BLOCK = Bytes.fromHex("00112233445566778899aabbccddeeff");

    private Samples() {}

    static List<Command> commands() {
        return List.of(
                new Poll(),
                IdRequest.STANDARD,
                CapabilitiesRequest.STANDARD,
                new LocalStatusRequest(),
                new InputStatusRequest(),
                new OutputStatusRequest(),
                OutputControl.of(
                        Output.pulse(0, Duration.ofSeconds(3)),
                        Output.on(1),
                        Output.off(2),
                        new Output(17, Action.PERMANENT_ON_AFTER_TIMED, 65535)),
                LedControl.of(
                        LedSetting.steady(0, 0, LedColor.RED),
                        LedSetting.show(0, 0, LedColor.GREEN, Duration.ofSeconds(3)),
                        LedSetting.blink(
                                1, 2, LedColor.AMBER, LedColor.BLUE, Duration.ofMillis(500), Duration.ofSeconds(5))),
                BuzzerControl.beep(0, Duration.ofMillis(200), Duration.ofMillis(100), 2),
                BuzzerControl.silence(1),
                new ComSet(5, 115_200),
                KeySet.scbk(Scbk.fromHex("000102030405060708090a0b0c0d0e0f")),
                new Challenge(RND, false),
                new Challenge(RND, true),
                new ServerCryptogram(BLOCK, false),
                new UnknownCommand(0x6B, Bytes.fromHex("00010203")));
    }

    static List<Reply> replies() {
        return List.of(
                new Ack(),
                new Busy(),
                Nak.of(Nak.Reason.UNKNOWN_COMMAND),
                new Nak(0x20, Bytes.fromHex("ff")),
                new PdId(Bytes.fromHex("5c2661"), 1, 2, 0xDEAD_BEEFL, 3, 4, 5),
                PdCapabilities.of(new Capability(8, 1, 0), new Capability(9, 1, 0), new Capability(10, 0x80, 0x05)),
                new LocalStatus(true, false),
                InputStatus.of(true, false, true),
                OutputStatus.of(false, true),
                new RawCardData(0, RawCardData.FORMAT_WIEGAND, 26, Bytes.fromHex("bd88eb80")),
                new RawCardData(1, RawCardData.FORMAT_UNSPECIFIED, 56, Bytes.fromHex("04a1b2c3d4e5f6")),
                new KeypadData(0, Bytes.of("1234".getBytes(StandardCharsets.US_ASCII))),
                new ComReport(5, 115_200),
                new ClientCryptogram(RND, RND, BLOCK, false),
                new ClientCryptogram(RND, RND, BLOCK, true),
                new InitialRmac(BLOCK, true),
                new InitialRmac(BLOCK, false),
                new UnknownReply(0x51, Bytes.fromHex("000102")));
    }
}
