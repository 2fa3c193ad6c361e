package io.courtyard.device.osdp;

import io.courtyard.device.osdp.OsdpCodecMetrics.Drop;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import java.util.Locale;

/**
 * {@link OsdpFrame}s to typed {@link OsdpPacket}s and back, sealing and opening through the bus's
 * {@link SecureSessions}. Inbound failures are counted and thrown as {@link OsdpException}s, which
 * reach the pipeline's exception handler while the channel carries on. Stateful: one per channel.
 */
public final class OsdpPacketCodec extends MessageToMessageCodec<OsdpFrame, OsdpPacket> {
    public static final String NAME = "osdp-packet-codec";

    private final Role role;
    private final SecureSessions sessions;
    private final OsdpCodecMetrics metrics;
    /** Peripheral side: the last command per address, to recognise a CP's retry before the MAC . */
    private final OsdpFrame[] lastFrame = new OsdpFrame[OsdpFrame.BROADCAST + 1];

    private final OsdpPacket[] lastPacket = new OsdpPacket[OsdpFrame.BROADCAST + 1];

    public OsdpPacketCodec(Role role, SecureSessions sessions, OsdpCodecMetrics metrics) {
        this.role = role;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OsdpPacket packet, List<Object> out) {
        if (packet.isReply() != (role == Role.PERIPHERAL)) {
            throw new IllegalArgumentException(role + " cannot send " + packet.message());
        }
        OsdpMessage m = packet.message();
        SecurityBlock block = m instanceof HandshakeMessage h ? h.securityBlock() : null;
        OsdpFrame frame = OsdpFrame.of(
                packet.pdAddress(),
                packet.isReply(),
                packet.sequence(),
                packet.checkMode(),
                block,
                m.code(),
                m.payload());
        SecureSession session = sessions.find(packet.pdAddress());
        if (block == null && session == null && (packet.secured() || m instanceof KeySet)) {
            // Fail closed: a command meant for a Secure Channel, or a key, never leaves in clear.
            throw new SecureChannelException(
                    OsdpError.NO_SESSION,
                    packet.pdAddress(),
                    String.format(
                            Locale.ROOT,
                            "PD 0x%02X: %s must go sealed and there is no Secure Channel session",
                            packet.pdAddress(),
                            m.getClass().getSimpleName()));
        }
        out.add(block == null && session != null ? session.seal(frame) : frame);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, OsdpFrame frame, List<Object> out) {
        boolean wantReplies = role == Role.CONTROL_PANEL;
        if (frame.isReply() != wantReplies) {
            metrics.dropped(wantReplies ? Drop.ECHO : Drop.FOREIGN);
            return;
        }
        int address = frame.pdAddress();
        if (!wantReplies && frame.sequence() != 0 && frame.equals(lastFrame[address])) {
            metrics.repeat();
            out.add(lastPacket[address].asRepeat());
            return;
        }
        OsdpPacket packet;
        try {
            packet = toPacket(frame);
        } catch (OsdpPayloadException e) {
            metrics.error(e.error());
            throw e.at(address);
        } catch (OsdpException e) {
            metrics.error(e.error());
            throw e;
        }
        if (packet.message() instanceof UnknownCommand || packet.message() instanceof UnknownReply) {
            metrics.unknown();
        }
        if (!wantReplies) {
            lastFrame[address] = frame;
            lastPacket[address] = packet;
        }
        out.add(packet);
    }

    private OsdpPacket toPacket(OsdpFrame frame) {
        SecurityBlock block = frame.securityBlock();
        OsdpFrame clear = frame;
        if (block != null && block.hasMac()) {
            SecureSession session = sessions.find(frame.pdAddress());
            if (session == null) {
                throw new SecureChannelException(
                        OsdpError.NO_SESSION,
                        frame.pdAddress(),
                        String.format(
                                Locale.ROOT,
                                "PD 0x%02X: secured frame (SCS_%02X) without a Secure Channel session",
                                frame.pdAddress(),
                                block.type()));
            }
            clear = session.open(frame);
        } else if (block != null && !block.handshake()) {
            throw new OsdpFrameException(
                    OsdpError.BAD_SECURITY_BLOCK,
                    frame.pdAddress(),
                    String.format(
                            Locale.ROOT,
                            "PD 0x%02X: unknown security block type 0x%02X",
                            frame.pdAddress(),
                            block.type()));
        }
        OsdpMessage message = frame.isReply()
                ? MessageReader.reply(clear.code(), clear.data(), clear.securityBlock())
                : MessageReader.command(clear.code(), clear.data(), clear.securityBlock());
        if (block != null && block.handshake() && !(message instanceof HandshakeMessage)) {
            // Annex D: SCS_11..14 belong to the handshake's four messages; on anything else a block
            // without MAC would pass a card read or an input change off as handshake traffic.
            throw new OsdpFrameException(
                    OsdpError.BAD_SECURITY_BLOCK,
                    frame.pdAddress(),
                    String.format(
                            Locale.ROOT,
                            "PD 0x%02X: handshake block SCS_%02X on code 0x%02X, which is no handshake message",
                            frame.pdAddress(),
                            block.type(),
                            frame.code()));
        }
        return new OsdpPacket(frame.pdAddress(), frame.sequence(), frame.checkMode(), message, clear != frame, false);
    }
}
