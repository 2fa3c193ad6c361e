package io.courtyard.device.osdp;

/**
 * A typed message with its addressing, what the OSDP pipeline hands to the poller or emulator and
 * takes from it.
 *
 * @param pdAddress the PD the message is to or from, 0..0x7E, or 0x7F broadcast
 * @param sequence 0..3 (OSDP 2.2 sequence-number rules; see {@link Sequence})
 * @param secured inbound: the frame carried a verified MAC. Outbound: the command must go sealed, and
 *     the codec refuses to send it when the address has no Secure Channel session rather than send it
 *     in clear; the codec seals whenever the address has a session, whatever this says
 * @param repeated inbound on a PD: the CP sent the previous command again, byte for byte; the PD
 *     answers with its previous reply, unchanged . Not MAC-verified: the chain has moved on
 */
public record OsdpPacket(
        int pdAddress, int sequence, CheckMode checkMode, OsdpMessage message, boolean secured, boolean repeated) {
    public OsdpPacket {
        Checks.range("PD address", pdAddress, 0, OsdpFrame.BROADCAST);
        Checks.range("sequence", sequence, 0, 3);
        Checks.notNull("check mode", checkMode);
        Checks.notNull("message", message);
    }

    public static OsdpPacket command(int pdAddress, int sequence, CheckMode checkMode, Command command) {
        return new OsdpPacket(pdAddress, sequence, checkMode, command, false, false);
    }

    /** A command that must not leave in clear: the session it needs is gone, so the write fails instead. */
    public static OsdpPacket sealedCommand(int pdAddress, int sequence, CheckMode checkMode, Command command) {
        return new OsdpPacket(pdAddress, sequence, checkMode, command, true, false);
    }

    /** The reply to {@code command}: same address, sequence and check mode, as the sequence-number rules require. */
    public static OsdpPacket replyTo(OsdpPacket command, Reply reply) {
        return new OsdpPacket(command.pdAddress, command.sequence, command.checkMode, reply, false, false);
    }

    public boolean isReply() {
        return message instanceof Reply;
    }

    OsdpPacket asRepeat() {
        return new OsdpPacket(pdAddress, sequence, checkMode, message, secured, true);
    }
}
