package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * osdp_CCRYPT (0x76, OSDP 2.2 Annex D): the PD's answer to CHLNG, in an SCS_12 block echoing the
 * key selector.
 *
 * @param clientUid the PD's 8-byte cUID
 * @param rndB eight random bytes from the PD
 * @param cryptogram AES(S-ENC, RND.A || RND.B)
 */
public record ClientCryptogram(Bytes clientUid, Bytes rndB, Bytes cryptogram, boolean defaultKey)
        implements Reply, HandshakeMessage {
    public static final int CODE = 0x76;

    public ClientCryptogram {
        Checks.length("cUID", clientUid, 8);
        Checks.length("RND.B", rndB, 8);
        Checks.length("client cryptogram", cryptogram, 16);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return new PayloadWriter(32)
                .bytes(clientUid)
                .bytes(rndB)
                .bytes(cryptogram)
                .toBytes();
    }

    @Override
    public SecurityBlock securityBlock() {
        return SecurityBlock.of(SecurityBlock.SCS_12, HandshakeMessage.keySelector(defaultKey));
    }

    static ClientCryptogram read(PayloadReader r, boolean defaultKey) {
        return new ClientCryptogram(r.bytes(8), r.bytes(8), r.bytes(16), defaultKey);
    }
}
