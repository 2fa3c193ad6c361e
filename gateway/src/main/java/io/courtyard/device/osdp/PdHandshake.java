package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The PD's side of the Secure Channel handshake (OSDP 2.2 Annex D), for emulated readers and relay
 * boards: answers CHLNG with CCRYPT and SCRYPT with RMAC_I, or with NAK when the key asked for is not
 * available or the CP's cryptogram is wrong. SCBK-D is accepted only in install mode.
 */
public final class PdHandshake {
    private final Scbk paired;
    private final boolean installMode;
    private final Bytes clientUid;
    private final SecureRandom random;
    private SessionKeys keys;
    private Bytes rndA;
    private Bytes rndB;
    private boolean defaultKey;
    private SecureSession session;

    /**
     * @param paired the PD's SCBK, or {@code null} when it has none yet
     * @param installMode whether the PD accepts SCBK-D (a factory-fresh PD, or one put in install mode)
     * @param clientUid the 8-byte cUID the PD reports in CCRYPT
     */
    public PdHandshake(Scbk paired, boolean installMode, Bytes clientUid, SecureRandom random) {
        this.paired = paired;
        this.installMode = installMode;
        this.clientUid = Checks.length("cUID", clientUid, 8);
        this.random = random;
    }

    /** CCRYPT, or NAK when the key asked for is not available to this PD. */
    public Reply onChallenge(Challenge challenge) {
        session = null;
        keys = null;
        Scbk key = challenge.defaultKey() ? (installMode ? Scbk.DEFAULT : null) : paired;
        if (key == null) {
            return Nak.of(Nak.Reason.SECURITY_UNSUPPORTED);
        }
        byte[] r = new byte[8];
        random.nextBytes(r);
        rndA = challenge.rndA();
        rndB = Bytes.of(r);
        defaultKey = challenge.defaultKey();
        keys = SessionKeys.derive(key, rndA);
        return new ClientCryptogram(clientUid, rndB, ScCrypto.clientCryptogram(keys.enc, rndA, rndB), defaultKey);
    }

    /** RMAC_I with a new session, or NAK when the CP's cryptogram is wrong or out of turn. */
    public Reply onServerCryptogram(ServerCryptogram scrypt) {
        if (keys == null || scrypt.defaultKey() != defaultKey) {
            return Nak.of(Nak.Reason.SECURITY_UNSUPPORTED);
        }
        Bytes expected = ScCrypto.serverCryptogram(keys.enc, rndA, rndB);
        if (!MessageDigest.isEqual(expected.toArray(), scrypt.cryptogram().toArray())) {
            keys = null;
            return Nak.of(Nak.Reason.SECURITY_UNSUPPORTED);
        }
        Bytes rmacI = ScCrypto.initialRmac(keys.mac1, keys.mac2, scrypt.cryptogram());
        session = new SecureSession(keys, rmacI, defaultKey);
        keys = null;
        return new InitialRmac(rmacI, true);
    }

    /** The session opened by the last successful SCRYPT, for {@link SecureSessions#put}. */
    public Optional<SecureSession> session() {
        return Optional.ofNullable(session);
    }
}
