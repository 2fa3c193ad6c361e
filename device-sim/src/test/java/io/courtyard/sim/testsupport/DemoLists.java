package io.courtyard.sim.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import java.time.Duration;
import java.time.Instant;

/** Signed access-list messages for the demo compound, signed with the demo key (config/demo-keys). */
public final class DemoLists {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoLists() {}

    /** A delta from version 1 to 2 of the example list revoking one card credential, valid for an hour. */
    public static byte[] revoke(String credentialId, String holderId, long cardNumber) throws Exception {
        Instant now = Instant.now();
        ObjectNode p = JSON.createObjectNode()
                .put("type", "delta")
                .put("site", "demo-court")
                .put("version", 2)
                .put("baseVersion", 1)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofHours(1)).toString());
        p.putObject("upserts")
                .putArray("credentials")
                .addObject()
                .put("id", credentialId)
                .put("holder", holderId)
                .put("credential", "card:h10301/12/" + cardNumber)
                .put("status", "revoked");
        return SignedBundle.sign(
                p,
                Keys.readPrivate(Repository.file("config/demo-keys/demo-acl.key")),
                Keys.keyId(Keys.readPublic(Repository.file("config/demo-keys/demo-acl.pub"))));
    }
}
