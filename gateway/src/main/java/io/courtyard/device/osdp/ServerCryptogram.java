package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_SCRYPT (0x77, OSDP 2.2 Annex D): the CP proves it holds the key, in an SCS_13 block.
 *
 * @param cryptogram AES(S-ENC, RND.B || RND.A)
 */
public record ServerCryptogram(Bytes cryptogram, boolean defaultKey) implements Command, HandshakeMessage {
    public static final int CODE = 0x77;

    public ServerCryptogram {
        Checks.length("server cryptogram", cryptogram, 16);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return cryptogram;
    }

    @Override
    public SecurityBlock securityBlock() {
        return SecurityBlock.of(SecurityBlock.SCS_13, HandshakeMessage.keySelector(defaultKey));
    }
}
