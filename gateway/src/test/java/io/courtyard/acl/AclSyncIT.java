package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static io.courtyard.testsupport.AclBundles.remove;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Reason;
import io.courtyard.ops.Gateway;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.Mosquitto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2: the whole gateway against a real mosquitto, the test playing the platform. A signed
 * delta revoking a card is enforced within a second of its publication; a forged delta, a replayed
 * old version and a gap are each refused and reported (journal event and metric; a snapshot request
 * for the gap) while the list in force keeps deciding.
 */
@Timeout(120)
class AclSyncIT {
    static final String SITE = "fixture-court";
    static final String TOPIC = "courtyard/" + SITE + "/acl";
    static final CredentialKey CARD_1 = CredentialKey.parse("card:h10301/12/1001");
    static final CredentialKey CARD_2 = CredentialKey.parse("card:h10301/12/1002");

    @TempDir
    Path dir;

    final AclBundles platform = new AclBundles(SITE);
    final List<String> requests = new CopyOnWriteArrayList<>();
    Mosquitto broker;
    MqttClient platformClient;
    Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
        platformClient = new MqttClient(broker.uri(), "platform", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        platformClient.connect(o);
        // The array form: Paho 1.2.5's single-topic subscribe overloads recurse forever.
        platformClient.subscribe(
                new MqttSubscription[] {new MqttSubscription(TOPIC + "/request", 1)},
                new IMqttMessageListener[] {(t, m) -> requests.add(new String(m.getPayload(), StandardCharsets.UTF_8))
                });
        gateway = new Gateway(AccessFixture.gatewayConfig(dir.resolve("state"), broker.uri(), platform.publicKey()));
        gateway.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (platformClient != null && platformClient.isConnected()) {
            platformClient.disconnect();
            platformClient.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    void publish(byte[] bundle) throws Exception {
        platformClient.publish(TOPIC, new MqttMessage(bundle, 1, false, null));
    }

    Reason decide(CredentialKey k) {
        return gateway.access()
                .decide(AccessRequest.of("north-gate", k, Instant.now()))
                .reason();
    }

    long version() {
        return gateway.access().snapshot().version();
    }

    ObjectNode snapshotV1() {
        ObjectNode p = platform.snapshot(1);
        add(p, "groups", group("residents", "north-gate"));
        add(p, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(p, "credentials", credential("c1", "h1", CARD_1.text()));
        add(p, "credentials", credential("c2", "h1", CARD_2.text()));
        return p;
    }

    @Test
    void revokedCardIsDeniedWithinOneSecondAndBadMessagesAreRefusedWhileTheListKeepsWorking() throws Exception {
        // A gateway without a list asks for one as soon as it is connected.
        await().atMost(Duration.ofSeconds(20)).until(() -> requests.stream().anyMatch(r -> r.contains("\"no-list\"")));
        byte[] v1 = platform.sign(snapshotV1());
        publish(v1);
        await().atMost(Duration.ofSeconds(10)).until(() -> version() == 1);
        assertEquals(Reason.GRANTED, decide(CARD_1));

        ObjectNode revoke = platform.delta(2);
        add(revoke, "credentials", credential("c1", "h1", CARD_1.text()).put("status", "revoked"));
        byte[] delta = platform.sign(revoke);
        long t0 = System.nanoTime();
        publish(delta);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> decide(CARD_1) == Reason.REVOKED);
        long revokedAfterMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(revokedAfterMs < 1000, "revocation enforced after " + revokedAfterMs + " ms");
        System.out.println("revocation enforced " + revokedAfterMs + " ms after publication");
        assertEquals(Reason.GRANTED, decide(CARD_2));

        // Forged: removes the second card, signed with another key.
        ObjectNode forged = platform.delta(3);
        remove(forged, "credentials", "c2");
        publish(platform.forge(forged));
        awaitEvent("alarm", "bad-signature");
        // Replayed: the first snapshot again, validly signed but old.
        publish(v1);
        awaitEvent("alarm", "\"replay\"");
        // Gap: a delta 3 -> 4 when 2 is applied.
        ObjectNode ahead = platform.delta(4);
        remove(ahead, "credentials", "c2");
        publish(platform.sign(ahead));
        awaitEvent("device", "\"gap\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.stream().anyMatch(r -> r.contains("\"gap\"")));

        assertEquals(2, version(), "the refused messages changed nothing");
        assertEquals(Reason.GRANTED, decide(CARD_2), "the list in force keeps working");
        assertEquals(Reason.REVOKED, decide(CARD_1));
        String metrics = scrape();
        assertTrue(metrics.contains("reason=\"bad-signature\",result=\"refused\""), metrics);
        assertMetric(metrics, "bad-signature", 1);
        assertMetric(metrics, "replay", 1);
        assertMetric(metrics, "gap", 1);
        String request =
                requests.stream().filter(r -> r.contains("\"gap\"")).findFirst().orElseThrow();
        assertTrue(request.contains("\"have\":2") && request.contains("\"wanted\":4"), request);

        // The platform answers the request with a snapshot: the gateway catches up.
        ObjectNode v4 = platform.snapshot(4);
        add(v4, "groups", group("residents", "north-gate"));
        add(v4, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(v4, "credentials", credential("c1", "h1", CARD_1.text()).put("status", "revoked"));
        publish(platform.sign(v4));
        await().atMost(Duration.ofSeconds(5)).until(() -> version() == 4);
        assertEquals(Reason.UNKNOWN_CREDENTIAL, decide(CARD_2));
    }

    @Test
    void signedEmergencyCommandsOnTheOldTopicStillRaiseAndClearFireModeOnceEach() throws Exception {
        // Subscribed once it asked for a list: messages published before that would be lost.
        await().atMost(Duration.ofSeconds(20)).until(() -> requests.stream().anyMatch(r -> r.contains("\"no-list\"")));
        publish(platform.sign(snapshotV1()));
        await().atMost(Duration.ofSeconds(10)).until(() -> version() == 1);
        String commands = "courtyard/" + SITE + "/command";
        byte[] raise = platform.signLegacyCommand(platform.legacyCommand("fire", "raise", "n-0001"));

        platformClient.publish(commands, new MqttMessage(raise, 1, false, null));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> gateway.access().state().emergency().fire());
        assertEquals(Reason.EMERGENCY_OPEN, decide(CredentialKey.parse("card:h10301/12/9999")));

        // The same command again (a captured one replayed), and one signed as an access list.
        gateway.access().emergencies().clear(io.courtyard.access.EmergencyMode.FIRE, "operator:test");
        platformClient.publish(commands, new MqttMessage(raise, 1, false, null));
        platformClient.publish(
                commands,
                new MqttMessage(platform.sign(platform.legacyCommand("fire", "raise", "n-0002")), 1, false, null));
        awaitEvent("alarm", "\"outcome\":\"refused\",\"reason\":\"replay\"");
        awaitEvent("alarm", "\"outcome\":\"refused\",\"reason\":\"bad-signature\"");
        assertTrue(!gateway.access().state().emergency().fire(), "neither raised fire mode again");

        platformClient.publish(
                commands,
                new MqttMessage(
                        platform.signLegacyCommand(platform.legacyCommand("lockdown", "raise", "n-0003")),
                        1,
                        false,
                        null));
        await().atMost(Duration.ofSeconds(5)).until(() -> decide(CARD_1) == Reason.LOCKDOWN);
        platformClient.publish(
                commands,
                new MqttMessage(
                        platform.signLegacyCommand(platform.legacyCommand("lockdown", "clear", "n-0004")),
                        1,
                        false,
                        null));
        await().atMost(Duration.ofSeconds(5)).until(() -> decide(CARD_1) == Reason.GRANTED);
        assertTrue(events("alarm").stream().anyMatch(b -> b.contains("\"mode\":\"lockdown\",\"state\":\"cleared\"")));
    }

    private void assertMetric(String scrape, String reason, int count) {
        String line = scrape.lines()
                .filter(l -> l.startsWith("courtyard_acl_updates_total{")
                        && l.contains("reason=\"" + reason + "\"")
                        && l.contains("result=\"refused\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no refusal metric for " + reason + ":\n" + scrape));
        assertEquals((double) count, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), line);
    }

    private void awaitEvent(String kind, String fragment) {
        await("a " + kind + " event with " + fragment)
                .atMost(Duration.ofSeconds(10))
                .until(() -> events(kind).stream().anyMatch(b -> b.contains(fragment)));
    }

    private List<String> events(String kind) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                PreparedStatement ps = c.prepareStatement("SELECT body FROM events WHERE kind = ? ORDER BY seq")) {
            ps.setString(1, kind);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private String scrape() throws Exception {
        int port = gateway.http().orElseThrow().port();
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
