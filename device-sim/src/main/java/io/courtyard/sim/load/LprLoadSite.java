package io.courtyard.sim.load;

import io.courtyard.acl.Keys;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.sim.lpr.PlateList;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Locale;

/**
 * The car park of a camera load run: {@code cameras} Vzenith entry barriers into one zone that
 * never fills and keeps no anti-passback (so every read is a grant, a state change and a barrier
 * opening), {@code permits} residents' plates, a fresh signing key, the journal at
 * {@code synchronous: full}: every answer waits for an fsync'd commit.
 */
final class LprLoadSite {
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
        PlateList list = PlateList.snapshot("load-court", 1).resident("h1", "1-1-101");
        for (int i = 0; i < permits; i++) {
            list.permit("p" + i, "h1", plate(i), "main-lot", "none", false);
        }
        return list.sign(key.getPrivate(), Keys.keyId(key.getPublic()));
    }
}
