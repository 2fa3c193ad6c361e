package io.courtyard.sim.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * The car park of a camera load run: {@code cameras} Vzenith entry barriers into one zone that
 * never fills and keeps no anti-passback (so every read is a grant, a state change and a barrier
 * opening), {@code permits} residents' plates, a fresh signing key, the journal at
 * {@code synchronous: full}: every answer waits for an fsync'd commit.
 */
final class LprLoadSite {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LprLoadSite() {}

    static GatewayConfig config(Path state, int cameras, KeyPair key) throws ConfigException {
        StringBuilder y = new StringBuilder();
        y.append(String.format(
                Locale.ROOT,
                """
                site:
                  id: load-court
                  timeZone: Asia/Shanghai
                  buildings:
                    - id: "1"
                      units:
                        - {id: "1", floors: 30, roomsPerFloor: 4, area: 90}
                state:
                  dir: %s
                listeners:
                  http: {bind: 127.0.0.1, port: 0}
                  cameras: {bind: 127.0.0.1, port: 0, maxConnections: %d, maxConnectionsPerAddress: %d}
                  deviceMqtt: {enabled: false}
                journal:
                  synchronous: full
                  batchWindow: 1ms
                acl:
                  publicKey: %s
                parkingZones:
                  - {id: main-lot, capacity: 100000, antiPassback: "off"}
                barriers:
                """,
                state,
                cameras + 16,
                cameras + 16,
                Base64.getEncoder().encodeToString(key.getPublic().getEncoded())));
        for (int i = 0; i < cameras; i++) {
            y.append(String.format(
                    Locale.ROOT,
                    "  - {id: entry-%03d, direction: entry, zone: main-lot, cameraSerial: %s,"
                            + " camera: {vendor: vzenith, address: 127.0.0.1, answerWithin: 5s}}%n",
                    i,
                    serial(i)));
        }
        return ConfigLoader.parse(state.resolve("load.yaml"), y.toString());
    }

    static String serial(int camera) {
        return String.format(Locale.ROOT, "LOAD-%03d", camera);
    }

    /** Plate {@code i} of the list: 京A then five digits, all distinct. */
    static String plate(int i) {
        return String.format(Locale.ROOT, "京A%05d", i);
    }

    static byte[] list(int permits, KeyPair key) {
        Instant now = Instant.now();
        ObjectNode p = JSON.createObjectNode()
                .put("type", "snapshot")
                .put("site", "load-court")
                .put("version", 1)
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofDays(1)).toString());
        ObjectNode e = p.putObject("entries");
        e.putArray("holders")
                .addObject()
                .put("id", "h1")
                .put("kind", "resident")
                .put("household", "1-1-101")
                .putArray("groups");
        ArrayNode list = e.putArray("permits");
        for (int i = 0; i < permits; i++) {
            list.addObject()
                    .put("id", "p" + i)
                    .put("holder", "h1")
                    .put("plate", plate(i))
                    .put("zone", "main-lot")
                    .put("space", "none");
        }
        return SignedBundle.sign(p, key.getPrivate(), Keys.keyId(key.getPublic()));
    }
}
