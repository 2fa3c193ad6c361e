package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.Command.CapabilitiesRequest;
import io.courtyard.device.osdp.Command.IdRequest;
import io.courtyard.device.osdp.Command.InputStatusRequest;
import io.courtyard.device.osdp.Command.LocalStatusRequest;
import io.courtyard.device.osdp.Command.OutputStatusRequest;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.Reply.Ack;
import io.courtyard.device.osdp.Reply.Busy;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.LocalStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import java.util.Locale;

/**
 * Clear DATA fields to typed messages. Command and reply codes overlap (0x76 is CHLNG one way and
 * CCRYPT the other), so the direction picks the table. Unknown codes become Unknown messages.
 */
final class MessageReader {
    private MessageReader() {}

    static Command command(int code, Bytes data, SecurityBlock block) {
        PayloadReader r = new PayloadReader(code, data);
        Command c =
                switch (code) {
                    case Poll.CODE -> new Poll();
                    case IdRequest.CODE -> new IdRequest(r.u8());
                    case CapabilitiesRequest.CODE -> new CapabilitiesRequest(r.u8());
                    case LocalStatusRequest.CODE -> new LocalStatusRequest();
                    case InputStatusRequest.CODE -> new InputStatusRequest();
                    case OutputStatusRequest.CODE -> new OutputStatusRequest();
                    case OutputControl.CODE -> OutputControl.read(r);
                    case LedControl.CODE -> LedControl.read(r);
                    case BuzzerControl.CODE -> BuzzerControl.read(r);
                    case ComSet.CODE -> ComSet.read(r);
                    case KeySet.CODE -> KeySet.read(r);
                    case Challenge.CODE -> new Challenge(r.bytes(8), keySelector(r, block, SecurityBlock.SCS_11));
                    case ServerCryptogram.CODE -> new ServerCryptogram(
                            r.bytes(16), keySelector(r, block, SecurityBlock.SCS_13));
                    default -> new UnknownCommand(code, r.rest());
                };
        r.end();
        return c;
    }

    static Reply reply(int code, Bytes data, SecurityBlock block) {
        PayloadReader r = new PayloadReader(code, data);
        Reply reply =
                switch (code) {
                    case Ack.CODE -> new Ack();
                    case Nak.CODE -> Nak.read(r);
                    case PdId.CODE -> PdId.read(r);
                    case PdCapabilities.CODE -> PdCapabilities.read(r);
                    case LocalStatus.CODE -> LocalStatus.read(r);
                    case InputStatus.CODE -> new InputStatus(r.rest());
                    case OutputStatus.CODE -> new OutputStatus(r.rest());
                    case RawCardData.CODE -> RawCardData.read(r);
                    case KeypadData.CODE -> KeypadData.read(r);
                    case ComReport.CODE -> ComReport.read(r);
                    case Busy.CODE -> new Busy();
                    case ClientCryptogram.CODE -> ClientCryptogram.read(r, keySelector(r, block, SecurityBlock.SCS_12));
                    case InitialRmac.CODE -> new InitialRmac(r.bytes(16), accepted(r, block));
                    default -> new UnknownReply(code, r.rest());
                };
        r.end();
        return reply;
    }

    /** SCS_11..13 data: 0x00 SCBK-D, 0x01 paired SCBK (Annex D); anything else is malformed. */
    private static boolean keySelector(PayloadReader r, SecurityBlock block, int type) {
        requireBlock(r, block, type);
        if (block.data().length() != 1 || block.data().unsigned(0) > 1) {
            throw r.malformed(String.format(
                    Locale.ROOT, "security block 0x%02X data %s is not a key selector", type, block.data()));
        }
        return block.data().unsigned(0) == 0;
    }

    private static boolean accepted(PayloadReader r, SecurityBlock block) {
        requireBlock(r, block, SecurityBlock.SCS_14);
        return block.data().length() == 1 && block.data().unsigned(0) == 0x01;
    }

    private static void requireBlock(PayloadReader r, SecurityBlock block, int type) {
        if (block == null || block.type() != type) {
            throw r.malformed(String.format(
                    Locale.ROOT,
                    "needs security block 0x%02X, found %s",
                    type,
                    block == null ? "none" : String.format(Locale.ROOT, "0x%02X", block.type())));
        }
    }
}
