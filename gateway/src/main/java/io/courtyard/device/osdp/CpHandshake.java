package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The control panel's side of the Secure Channel handshake with one PD (OSDP 2.2 Annex D):
 * CHLNG → CCRYPT → SCRYPT → RMAC_I. Each step checks the PD's answer and throws a
 * {@link SecureChannelException} ({@link OsdpError#HANDSHAKE}) when it is wrong; a failed handshake
 * stays failed. One instance per attempt.
 */
public final class CpHandshake {
    private enum State {
        CHALLENGED,
        CRYPTOGRAM_SENT,
        DONE,
        FAILED
    }

    private final int address;
    private final Scbk scbk;
    private final Bytes rndA;
    private State state = State.CHALLENGED;
    private SessionKeys keys;
    private ClientCryptogram answered;
    private ServerCryptogram proof;

    private CpHandshake(int address, Scbk scbk, SecureRandom random) {
        this.address = Checks.range("PD address", address, 0, OsdpFrame.BROADCAST - 1);
        this.scbk = scbk;
        byte[] r = new byte[8];
        random.nextBytes(r);
        this.rndA = Bytes.of(r);
    }

    /** With the PD's own key; SCBK-D is refused here so that install mode is never an accident. */
    public static CpHandshake paired(int address, Scbk scbk, SecureRandom random) {
        if (scbk.isDefault()) {
            throw new IllegalArgumentException("SCBK-D is the install key; use CpHandshake.install for install mode");
        }
        return new CpHandshake(address, scbk, random);
    }

    /** Install mode: SCBK-D, to hand the PD its real key with KEYSET. Only when configured so. */
    public static CpHandshake install(int address, SecureRandom random) {
        return new CpHandshake(address, Scbk.DEFAULT, random);
    }

    public int pdAddress() {
        return address;
    }

    /** The CHLNG to send; the same one on every retry. */
    public Challenge challenge() {
        return new Challenge(rndA, scbk.isDefault());
    }

    /** Checks the PD's cryptogram and answers with SCRYPT. */
    public ServerCryptogram onClientCryptogram(ClientCryptogram reply) {
        if (state == State.CRYPTOGRAM_SENT && reply.equals(answered)) {
            return proof;
        }
        expect(State.CHALLENGED, "CCRYPT");
        if (reply.defaultKey() != scbk.isDefault()) {
            throw fail("PD answered for %s, CP asked for %s", keyName(reply.defaultKey()), keyName(scbk.isDefault()));
        }
        keys = SessionKeys.derive(scbk, rndA);
        Bytes expected = ScCrypto.clientCryptogram(keys.enc, rndA, reply.rndB());
        if (!MessageDigest.isEqual(expected.toArray(), reply.cryptogram().toArray())) {
            throw fail("client cryptogram does not match: the PD holds a different %s", keyName(scbk.isDefault()));
        }
        answered = reply;
        proof = new ServerCryptogram(ScCrypto.serverCryptogram(keys.enc, rndA, reply.rndB()), scbk.isDefault());
        state = State.CRYPTOGRAM_SENT;
        return proof;
    }

    /** Checks RMAC_I; the returned session goes into {@link SecureSessions}. */
    public SecureSession onInitialRmac(InitialRmac reply) {
        expect(State.CRYPTOGRAM_SENT, "RMAC_I");
        if (!reply.accepted()) {
            throw fail("PD refused the server cryptogram");
        }
        Bytes expected = ScCrypto.initialRmac(keys.mac1, keys.mac2, proof.cryptogram());
        if (!MessageDigest.isEqual(expected.toArray(), reply.rmac().toArray())) {
            throw fail("initial R-MAC does not match");
        }
        state = State.DONE;
        return new SecureSession(keys, reply.rmac(), scbk.isDefault());
    }

    /** The PD's cUID, once CCRYPT has been accepted. */
    public Optional<Bytes> clientUid() {
        return Optional.ofNullable(answered).map(ClientCryptogram::clientUid);
    }

    public boolean failed() {
        return state == State.FAILED;
    }

    private void expect(State expected, String what) {
        if (state != expected) {
            throw fail("%s arrived while the handshake was %s", what, state);
        }
    }

    private SecureChannelException fail(String format, Object... args) {
        state = State.FAILED;
        return new SecureChannelException(
                OsdpError.HANDSHAKE,
                address,
                String.format(
                        Locale.ROOT,
                        "PD 0x%02X: Secure Channel handshake: %s",
                        address,
                        String.format(Locale.ROOT, format, args)));
    }

    private static String keyName(boolean defaultKey) {
        return defaultKey ? "SCBK-D" : "the paired SCBK";
    }
}
