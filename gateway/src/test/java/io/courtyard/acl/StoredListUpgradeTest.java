package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.Reason;
import io.courtyard.acl.AclUpdater.Outcome;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list stored by a release that read {@code null} as absent still loads after the upgrade, read
 * the same way; an entry that no longer reads at all is left out (failing closed) instead of
 * leaving the gateway unable to start. Only new messages are held to the strict reading.
 */
class StoredListUpgradeTest {
    static final Instant MON_10 = AccessFixture.at("2026-03-02T10:00");

    @TempDir
    Path dir;

    @Test
    void aStoredListWithNullsLoadsAsItWasEnforcedAndAnUnreadableEntryIsLeftOut() throws Exception {
        try (UpdaterRig rig = new UpdaterRig(dir, null)) {
            ObjectNode v1 = rig.platform.snapshot(1);
            add(v1, "groups", group("residents", "north-gate"));
            add(v1, "holders", holder("h1", "resident", "1-1-702", "residents"));
            add(v1, "credentials", credential("c1", "h1", "card:h10301/12/1001"));
            add(v1, "credentials", credential("c2", "h1", "card:h10301/12/1002"));
            assertThat(rig.apply(v1).outcome()).isEqualTo(Outcome.APPLIED);
        }
        // What the previous release stored: a validTo null it read as "no expiry", and a credential
        // whose body no longer reads (its status is a number).
        Database db = new Database(dir, Synchronous.NORMAL);
        db.start();
        try (Connection c = db.connect()) {
            store(
                    c,
                    "holder",
                    "h1",
                    "{\"groups\":[\"residents\"],\"household\":\"1-1-702\",\"id\":\"h1\","
                            + "\"kind\":\"resident\",\"validTo\":null}");
            store(
                    c,
                    "credential",
                    "c2",
                    "{\"credential\":\"card:h10301/12/1002\",\"holder\":\"h1\",\"id\":\"c2\"," + "\"status\":7}");

            AccessList list = AclStore.load(c);

            assertThat(list.version()).isEqualTo(1);
            assertThat(list.holders().get("h1").validity().to())
                    .as("null read as no expiry")
                    .isNull();
            assertThat(list.credentials()).containsOnlyKeys("c1");
            var engine = new io.courtyard.access.AccessEngine(
                    AccessSnapshot.build(list, AccessFixture.site()), new io.courtyard.access.AccessState());
            assertThat(decide(engine, "card:h10301/12/1001")).isEqualTo(Reason.GRANTED);
            assertThat(decide(engine, "card:h10301/12/1002")).isEqualTo(Reason.UNKNOWN_CREDENTIAL);
        } finally {
            db.stop();
        }
    }

    private static Reason decide(io.courtyard.access.AccessEngine engine, String card) {
        return engine.decide(io.courtyard.access.AccessRequest.of(
                        "north-gate", io.courtyard.access.CredentialKey.parse(card), MON_10))
                .reason();
    }

    private static void store(Connection c, String kind, String id, String body) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE acl_entries SET body = ? WHERE kind = ? AND id = ?")) {
            ps.setBytes(1, body.getBytes(StandardCharsets.UTF_8));
            ps.setString(2, kind);
            ps.setString(3, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
