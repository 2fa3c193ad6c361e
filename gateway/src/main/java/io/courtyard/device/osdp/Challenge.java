package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_CHLNG (0x76, OSDP 2.2 Annex D): the CP's random number RND.A opens the handshake, in an
 * SCS_11 block saying which key to use.
 *
 * @param rndA eight random bytes from the CP
 * @param defaultKey true for SCBK-D (install mode), false for the paired SCBK
 */
public record Challenge(Bytes rndA, boolean defaultKey) implements Command, HandshakeMessage {
    public static final int CODE = 0x76;

    public Challenge {
        Checks.length("RND.A", rndA, 8);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return rndA;
    }

    @Override
    public SecurityBlock securityBlock() {
        return SecurityBlock.of(SecurityBlock.SCS_11, HandshakeMessage.keySelector(defaultKey));
    }
}
