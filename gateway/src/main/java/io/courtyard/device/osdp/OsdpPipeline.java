package io.courtyard.device.osdp;

import io.netty.channel.ChannelPipeline;

/**
 * Installs the OSDP codec in one fixed order, for the gateway's bus poller and the simulator's PDs
 * alike. Inbound: bytes → {@link OsdpFrameDecoder} → frames → {@link OsdpPacketCodec} → packets.
 * Outbound: packets → {@link OsdpPacketCodec} (sealing) → frames → {@link OsdpFrameEncoder} → bytes.
 * The caller adds its own handler and then one last exception handler, which receives every
 * {@link OsdpException} and must not close the channel for them.
 */
public final class OsdpPipeline {
    private OsdpPipeline() {}

    /**
     * @param markByte send 0xFF before each frame (OSDP 2.2); leave off for PDs built to 2.1
     * @param maxFrameLength cap on the length field, {@link OsdpFrameDecoder#DEFAULT_MAX_FRAME_LENGTH}
     *     unless a PD reports a larger receive buffer
     */
    public static void addCodec(
            ChannelPipeline pipeline,
            Role role,
            SecureSessions sessions,
            OsdpCodecMetrics metrics,
            boolean markByte,
            int maxFrameLength) {
        pipeline.addLast(OsdpFrameDecoder.NAME, new OsdpFrameDecoder(maxFrameLength, metrics));
        pipeline.addLast(OsdpFrameEncoder.NAME, markByte ? OsdpFrameEncoder.WITH_MARK : OsdpFrameEncoder.WITHOUT_MARK);
        pipeline.addLast(OsdpPacketCodec.NAME, new OsdpPacketCodec(role, sessions, metrics));
    }

    /** Without mark byte, default frame cap. */
    public static void addCodec(
            ChannelPipeline pipeline, Role role, SecureSessions sessions, OsdpCodecMetrics metrics) {
        addCodec(pipeline, role, sessions, metrics, false, OsdpFrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    }
}
