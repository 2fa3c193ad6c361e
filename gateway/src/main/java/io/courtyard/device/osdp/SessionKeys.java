package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** The three keys of one Secure Channel session, derived from the SCBK and the CP's RND.A (Annex D). */
final class SessionKeys {
    final Aes128 enc;
    final Aes128 mac1;
    final Aes128 mac2;

    private SessionKeys(Aes128 enc, Aes128 mac1, Aes128 mac2) {
        this.enc = enc;
        this.mac1 = mac1;
        this.mac2 = mac2;
    }

    static SessionKeys derive(Scbk scbk, Bytes rndA) {
        return new SessionKeys(
                new Aes128(ScCrypto.sessionKey(scbk, ScCrypto.S_ENC, rndA)),
                new Aes128(ScCrypto.sessionKey(scbk, ScCrypto.S_MAC1, rndA)),
                new Aes128(ScCrypto.sessionKey(scbk, ScCrypto.S_MAC2, rndA)));
    }
}
