package io.courtyard.acl;

import io.courtyard.command.Refusal;
import io.courtyard.command.SignatureCheck;
import java.security.PublicKey;

/**
 * Remote commands travel in the access lists' envelope ({@link SignedBundle}) and are verified with
 * the same key, each under its own signing domain: the command room's signature check.
 */
public final class CommandSignatures implements SignatureCheck {
    private final PublicKey key;

    public CommandSignatures(PublicKey key) {
        this.key = key;
    }

    @Override
    public Signed open(byte[] message, String domain) throws Refusal {
        SignedBundle b;
        try {
            b = SignedBundle.parse(message, domain);
        } catch (AclFormatException e) {
            throw SignedBundle.SIGNATURE_PATH.equals(e.path()) && e.getMessage().endsWith(SignedBundle.MISSING)
                    ? Refusal.unverified(UNSIGNED, "no signature")
                    : Refusal.unverified(MALFORMED, e.getMessage());
        }
        if (!b.verify(key)) {
            throw Refusal.unverified(
                    BAD_SIGNATURE,
                    "signature does not verify with key " + Keys.keyId(key) + " for " + domain
                            + (b.keyId() == null ? "" : " (signed with key " + LogText.safe(b.keyId()) + ")"));
        }
        return new Signed(b.payload(), b.digest());
    }
}
