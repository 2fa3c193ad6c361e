package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.PinHash;
import io.courtyard.access.Reason;
import io.courtyard.acl.AclUpdater.Outcome;
import io.courtyard.acl.AclUpdater.Refusal;
import io.courtyard.config.PinKey;
import io.courtyard.testsupport.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PINs in the list are HMAC-SHA256 under the site's PIN key (list format 2): a copy of the list
 * gives them away to nobody, and the gateway checks them in constant time. Format 1 (unkeyed
 * SHA-256) is accepted only by a gateway without a PIN key.
 */
class PinHashesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MON_10 = AccessFixture.at("2026-03-02T10:00");
    static final String STAFF = "card:h10301/12/1004";
    static final PinKey KEY = PinKey.parse("4f1710b44906470829164542d419d52d59770009c10519abef7e0cc76d67ed69");
    static final PinKey OTHER = PinKey.parse(PinKey.generate());

    @TempDir
    Path dir;

    UpdaterRig rig;

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** A list whose staff member needs a PIN at the north gate; {@code format} 0 leaves the member out. */
    ObjectNode list(int format, String pinHash) {
        ObjectNode v = rig.platform.snapshot(1);
        if (format > 0) {
            v.put("format", format);
        }
        ObjectNode g = group("office", "north-gate");
        g.putArray("pinAt").add("north-gate");
        add(v, "groups", g);
        ObjectNode s1 = holder("s1", "staff", null, "office");
        if (pinHash != null) {
            s1.put("pinHash", pinHash);
        }
        add(v, "holders", s1);
        add(v, "credentials", credential("c4", "s1", STAFF));
        return v;
    }

    @Test
    void thePinInTheShippedExampleCannotBeRecoveredByTryingEveryPin() throws Exception {
        JsonNode example = JSON.readTree(ProjectFiles.read(ProjectFiles.config("acl-example.json")));
        String hash = null;
        for (JsonNode h : example.path("payload").path("entries").path("holders")) {
            if (h.has("pinHash")) {
                hash = h.path("pinHash").asText();
            }
        }
        assertThat(hash).isNotNull();

        // What anyone holding a copy of a format 1 list does: SHA-256 of "HOLDER:PIN", every PIN.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String found = null;
        for (int digits : new int[] {4, 6}) {
            for (int n = 0; n < Math.pow(10, digits) && found == null; n++) {
                String pin = String.format(java.util.Locale.ROOT, "%0" + digits + "d", n);
                String h = HexFormat.of().formatHex(sha.digest(("s-wang:" + pin).getBytes(StandardCharsets.UTF_8)));
                if (hash.contains(h)) {
                    found = pin;
                }
            }
        }
        assertThat(found).as("a PIN recovered from the list alone").isNull();
        assertThat(PinHash.keyed(hash)).isTrue();
    }

    @Test
    void aKeyedPinOpensWithTheRightPinOnly() throws Exception {
        rig = new UpdaterRig(dir, KEY);
        assertThat(rig.apply(list(2, PinHash.keyed(KEY, "s1", "4321"))).outcome())
                .isEqualTo(Outcome.APPLIED);

        assertThat(rig.decide(STAFF, "north-gate", MON_10, "4321")).isEqualTo(Reason.GRANTED);
        assertThat(rig.decide(STAFF, "north-gate", MON_10, "4322")).isEqualTo(Reason.PIN_WRONG);
        assertThat(rig.decide(STAFF, "north-gate", MON_10, null)).isEqualTo(Reason.PIN_REQUIRED);
        // The unkeyed form of the right PIN is not the keyed one: nothing but the key opens it.
        assertThat(PinHash.matches(PinHash.keyed(KEY, "s1", "4321"), "s1", "4321", OTHER))
                .isFalse();
    }

    @Test
    void aGatewayWithoutThePinKeyRefusesKeyedPinsRatherThanLockingTheirHoldersOut() throws Exception {
        rig = new UpdaterRig(dir, null);
        AclUpdater.Result r = rig.apply(list(2, PinHash.keyed(KEY, "s1", "4321")));

        assertThat(r.refusal()).isEqualTo(Refusal.INVALID);
        assertThat(r.detail()).contains("no acl.pinKeyFile");
        assertThat(rig.refusals()).singleElement().asString().contains("\"reason\":\"invalid\"");
    }

    @Test
    void pinsKeyedWithAnotherSitesKeyAreRefusedNamingBothKeys() throws Exception {
        rig = new UpdaterRig(dir, KEY);
        AclUpdater.Result r = rig.apply(list(2, PinHash.keyed(OTHER, "s1", "4321")));

        assertThat(r.refusal()).isEqualTo(Refusal.INVALID);
        assertThat(r.detail()).contains(OTHER.id()).contains(KEY.id());
        assertThat(rig.updater.currentVersion()).isZero();
    }

    @Test
    void aGatewayWithAPinKeyRefusesUnkeyedPinsButNotAFormat1ListWithoutPins() throws Exception {
        rig = new UpdaterRig(dir, KEY);
        AclUpdater.Result r = rig.apply(list(0, PinHash.unkeyed("s1", "4321")));
        assertThat(r.refusal()).isEqualTo(Refusal.INVALID);
        assertThat(r.detail()).contains("format 1").contains("unkeyed");

        assertThat(rig.apply(list(0, null)).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aGatewayWithoutAPinKeyStillAcceptsAndChecksFormat1Pins() throws Exception {
        rig = new UpdaterRig(dir, null);
        assertThat(rig.apply(list(1, PinHash.unkeyed("s1", "4321"))).outcome()).isEqualTo(Outcome.APPLIED);

        assertThat(rig.decide(STAFF, "north-gate", MON_10, "4321")).isEqualTo(Reason.GRANTED);
        assertThat(rig.decide(STAFF, "north-gate", MON_10, "0000")).isEqualTo(Reason.PIN_WRONG);
    }

    @Test
    void aPinHashOfTheOtherFormatOrAnUnknownFormatIsMalformed() throws Exception {
        rig = new UpdaterRig(dir, KEY);
        assertThat(rig.apply(list(1, PinHash.keyed(KEY, "s1", "4321"))).refusal())
                .isEqualTo(Refusal.MALFORMED);
        assertThat(rig.apply(list(2, PinHash.unkeyed("s1", "4321"))).refusal()).isEqualTo(Refusal.MALFORMED);
        AclUpdater.Result r = rig.apply(list(3, PinHash.keyed(KEY, "s1", "4321")));
        assertThat(r.refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(r.detail()).contains("payload.format").contains("from 1 to 2");
        assertThat(rig.apply(list(2, "hmac-sha256:" + KEY.id() + ":00")).refusal())
                .isEqualTo(Refusal.MALFORMED);
    }
}
