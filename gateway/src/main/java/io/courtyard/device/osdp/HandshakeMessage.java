package io.courtyard.device.osdp;

/**
 * The four Secure Channel handshake messages (OSDP 2.2 Annex D) travel with a security block
 * (SCS_11..SCS_14) but without MAC; the block is part of their meaning, so they produce it.
 */
sealed interface HandshakeMessage permits Challenge, ClientCryptogram, ServerCryptogram, InitialRmac {
    SecurityBlock securityBlock();

    /** The key selector of SCS_11..SCS_13: 0x00 SCBK-D, 0x01 the paired SCBK (Annex D). */
    static int keySelector(boolean defaultKey) {
        return defaultKey ? 0x00 : 0x01;
    }
}
