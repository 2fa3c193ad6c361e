package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_RMAC_I (0x78, OSDP 2.2 Annex D): the PD accepts the server cryptogram and sends the first
 * R-MAC, in an SCS_14 block whose data byte is 0x01 when accepted.
 *
 * @param rmac AES(S-MAC2, AES(S-MAC1, server cryptogram))
 */
public record InitialRmac(Bytes rmac, boolean accepted) implements Reply, HandshakeMessage {
    public static final int CODE = 0x78;

    public InitialRmac {
        Checks.length("initial R-MAC", rmac, 16);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return rmac;
    }

    @Override
    public SecurityBlock securityBlock() {
        return SecurityBlock.of(SecurityBlock.SCS_14, accepted ? 0x01 : 0x00);
    }
}
