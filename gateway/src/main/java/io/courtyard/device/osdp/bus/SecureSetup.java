package io.courtyard.device.osdp.bus;

import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.device.osdp.Challenge;
import io.courtyard.device.osdp.ClientCryptogram;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.CpHandshake;
import io.courtyard.device.osdp.InitialRmac;
import io.courtyard.device.osdp.KeySet;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.Ack;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.SecureChannelException;
import io.courtyard.device.osdp.SecureSession;
import io.courtyard.device.osdp.SecureSessions;
import io.courtyard.device.osdp.ServerCryptogram;
import java.security.SecureRandom;

/**
 * The Secure Channel part of one PD's discovery (OSDP 2.2 Annex D): CHLNG → CCRYPT → SCRYPT → RMAC_I
 * with the configured SCBK. In INSTALL mode a PD that refuses its key, by NAK or by answering with a
 * cryptogram from another key (the open reference implementation's factory-fresh PD answers with its
 * default key, whatever key the CHLNG asks for), is opened once with SCBK-D, handed the configured
 * key with KEYSET inside that session, and opened again with it; without a configured key, INSTALL
 * stays on SCBK-D. SCBK-D is never tried unless the configuration says INSTALL.
 */
final class SecureSetup {
    private final int address;
    private final SecureChannel policy;
    private final Scbk paired;
    private final SecureSessions sessions;
    private final SecureRandom random;
    private final Runnable onProvisioned;
    private CpHandshake handshake;
    private Command sent;
    private boolean installTried;
    private PdInfo.Security established;

    /** @param onProvisioned told when the PD has acknowledged KEYSET with the configured key */
    SecureSetup(int address, OsdpDevice device, SecureSessions sessions, SecureRandom random, Runnable onProvisioned) {
        this.address = address;
        this.policy = device.secureChannel();
        this.paired = device.scbkHex().map(Scbk::fromHex).orElse(null);
        this.sessions = sessions;
        this.random = random;
        this.onProvisioned = onProvisioned;
    }

    /** The first command: CHLNG with the paired key, or with SCBK-D when INSTALL has no key to give. */
    Command start() {
        if (paired == null && policy != SecureChannel.INSTALL) {
            throw new IllegalStateException("PD " + address + ": Secure Channel ON without an SCBK");
        }
        return challenge(paired == null);
    }

    /** The command to send next; null once the channel is established. */
    Command next() {
        return established == null ? sent : null;
    }

    PdInfo.Security established() {
        return established;
    }

    /** @return null to go on with {@link #next()}, or why the Secure Channel cannot be opened */
    String onReply(Reply reply) {
        try {
            if (sent instanceof Challenge) {
                return onChallengeAnswer(reply);
            }
            if (sent instanceof ServerCryptogram) {
                return onCryptogramAnswer(reply);
            }
            return onKeySetAnswer(reply);
        } catch (SecureChannelException e) {
            sessions.remove(address);
            return e.getMessage();
        }
    }

    private String onChallengeAnswer(Reply reply) {
        if (reply instanceof ClientCryptogram c) {
            try {
                sent = handshake.onClientCryptogram(c);
                return null;
            } catch (SecureChannelException otherKey) {
                // The reference PD shows a missing key this way, not by NAK.
                if (!installInstead()) {
                    throw otherKey;
                }
                return null;
            }
        }
        if (reply instanceof Nak && installInstead()) {
            return null;
        }
        return "PD answered CHLNG with " + Reports.describe(reply);
    }

    /** In INSTALL mode, once: the paired key was refused, so try SCBK-D to hand the key over. */
    private boolean installInstead() {
        if (policy != SecureChannel.INSTALL || installTried || usingDefaultKey()) {
            return false;
        }
        // A factory-fresh PD knows only SCBK-D: open with it to hand over the configured key.
        installTried = true;
        challenge(true);
        return true;
    }

    private String onCryptogramAnswer(Reply reply) {
        if (!(reply instanceof InitialRmac rmac)) {
            return "PD answered SCRYPT with " + Reports.describe(reply);
        }
        SecureSession session = handshake.onInitialRmac(rmac);
        sessions.put(address, session);
        if (session.usesDefaultKey() && paired != null) {
            // KEYSET is sealed by the codec in the SCBK-D session just opened, never sent in clear.
            sent = KeySet.scbk(paired);
            return null;
        }
        established = session.usesDefaultKey() ? PdInfo.Security.INSTALL_KEY : PdInfo.Security.SECURE_CHANNEL;
        return null;
    }

    private String onKeySetAnswer(Reply reply) {
        if (!(reply instanceof Ack)) {
            sessions.remove(address);
            return "PD answered KEYSET with " + Reports.describe(reply);
        }
        onProvisioned.run();
        challenge(false);
        return null;
    }

    private Command challenge(boolean defaultKey) {
        // Each handshake starts without a session: a stale one would seal what follows with old keys.
        sessions.remove(address);
        handshake = defaultKey ? CpHandshake.install(address, random) : CpHandshake.paired(address, paired, random);
        sent = handshake.challenge();
        return sent;
    }

    private boolean usingDefaultKey() {
        return sent instanceof Challenge c && c.defaultKey();
    }
}
