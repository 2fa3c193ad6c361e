package io.courtyard.sim.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.Keys;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.lpr.CameraLink;
import io.courtyard.sim.lpr.GenericCamera;
import io.courtyard.sim.lpr.HikvisionCamera;
import io.courtyard.sim.lpr.IsapiServer;
import io.courtyard.sim.lpr.PlateList;
import io.courtyard.sim.lpr.VzenithCamera;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A car park for the camera tests: the real gateway on a state directory, its camera listener on a
 * free port, a signed access list (demo key) with three residents' permits and a visitor's plate
 * pass, and four barriers into one zone (capacity 2, hard anti-passback): a Vzenith entry and exit,
 * a Hikvision entry whose barrier the gateway opens through an ISAPI emulator, and a generic-JSON
 * exit that presents a shared secret.
 */
public final class LprRig implements AutoCloseable {
    public static final String SITE = "demo-court";
    /** Resident, permit p-a: 京A12345, no reserved space. */
    public static final String RESIDENT = "京A12345";
    /** Second resident, permit p-b. */
    public static final String RESIDENT_2 = "京B67890";
    /** Resident with a reserved space, permit p-r (new-energy plate). */
    public static final String RESERVED = "京AD12345";
    /** A visitor's plate pass, v-1. */
    public static final String VISITOR = "沪B54321";

    public static final String VZ_IN = "VZ-IN-0001";
    public static final String VZ_OUT = "VZ-OUT-0002";
    public static final String HK_IN = "HK-IN-0003";
    public static final String GEN_OUT = "GEN-OUT-0004";
    public static final String GEN_SECRET = "s3cret-gen-0004";
    public static final String HK_ADDRESS = "127.0.0.3";
    public static final String GEN_ADDRESS = "127.0.0.4";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONFIG =
            """
            site:
              id: demo-court
              timeZone: Asia/Shanghai
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 7, roomsPerFloor: 2, area: 89.5}
            state:
              dir: %s
            listeners:
              http: {bind: 127.0.0.1, port: 0}
              cameras: {bind: 127.0.0.1, port: %d, messageTimeout: 3s, maxMessageSize: 4MiB}
              deviceMqtt: {enabled: false}
            journal:
              synchronous: normal
              batchWindow: 2ms
            acl:
              publicKeyFile: %s
            parkingZones:
              - {id: main-lot, capacity: 2, antiPassback: hard}
            barriers:
              - id: east-entry
                direction: entry
                zone: main-lot
                cameraSerial: VZ-IN-0001
                plates: {minConfidence: 80, nearMatch: {minConfidence: 90}}
                camera: {vendor: vzenith, address: 127.0.0.1, answerWithin: 5s, offlineAfter: %s, retransferStop: true, display: both}
              - id: east-exit
                direction: exit
                zone: main-lot
                cameraSerial: VZ-OUT-0002
                camera: {vendor: vzenith, address: 127.0.0.1, answerWithin: 5s}
              - id: north-entry
                direction: entry
                zone: main-lot
                cameraSerial: HK-IN-0003
                camera:
                  vendor: hikvision
                  address: 127.0.0.3
                  answerWithin: 5s
                  keepImages: true
                  imageQuota: 1MiB
                  isapi: {url: "%s", username: admin, password: isapi-pass-9}
              - id: north-exit
                direction: exit
                zone: main-lot
                cameraSerial: GEN-OUT-0004
                camera: {vendor: generic, address: 127.0.0.4, secret: s3cret-gen-0004, answerWithin: 5s}
            """;

    private final Path dir;
    private final EventLoopGroup group = new NioEventLoopGroup(2, Threads.named("sim-cameras", true));
    private final IsapiServer isapi;
    private final List<AutoCloseable> cameras = new ArrayList<>();
    private final GatewayConfig config;
    private Gateway gateway;

    private LprRig(Path dir, String offlineAfter, int cameraPort) throws Exception {
        this.dir = dir;
        this.isapi = IsapiServer.start("admin", "isapi-pass-9", "MD5", group, "127.0.0.1");
        this.config = ConfigLoader.parse(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        cameraPort,
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        offlineAfter,
                        isapi.url()));
    }

    /** Starts the gateway and applies the list. */
    public static LprRig start(Path dir) throws Exception {
        return start(dir, "10m");
    }

    public static LprRig start(Path dir, String offlineAfter) throws Exception {
        LprRig rig = new LprRig(dir, offlineAfter, 0);
        rig.startGateway();
        AclUpdater.Result r = rig.gateway.acl().updater().apply(list(), "file:lpr-rig.json");
        if (r.outcome() != AclUpdater.Outcome.APPLIED) {
            throw new IllegalStateException("list refused: " + r.detail());
        }
        return rig;
    }

    private void startGateway() throws Exception {
        gateway = new Gateway(config);
        gateway.start();
    }

    /** Stops the gateway and starts a new one on the same state directory and camera port. */
    public void restart() throws Exception {
        int port = cameraPort();
        gateway.stop();
        GatewayConfig again = ConfigLoader.parse(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        port,
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        "10m",
                        isapi.url()));
        gateway = new Gateway(again);
        gateway.start();
    }

    public Gateway gateway() {
        return gateway;
    }

    public IsapiServer isapi() {
        return isapi;
    }

    public EventLoopGroup group() {
        return group;
    }

    public int cameraPort() {
        return gateway.cameras().orElseThrow().port();
    }

    public CameraLink vzenithLink() {
        return CameraLink.to("127.0.0.1", cameraPort(), "/lpr/vzenith").timeout(Duration.ofSeconds(10));
    }

    public VzenithCamera vzenith(String serial) {
        return keep(new VzenithCamera(serial, vzenithLink(), group));
    }

    public HikvisionCamera hikvision(String from) {
        return keep(new HikvisionCamera(
                CameraLink.to("127.0.0.1", cameraPort(), "/lpr/hikvision")
                        .from(from)
                        .timeout(Duration.ofSeconds(10)),
                group,
                "whiteList"));
    }

    public GenericCamera generic(String serial, String from, String secret) {
        return keep(new GenericCamera(
                serial,
                CameraLink.to("127.0.0.1", cameraPort(), "/lpr/generic")
                        .from(from)
                        .secret(secret)
                        .timeout(Duration.ofSeconds(10)),
                group));
    }

    private <T extends AutoCloseable> T keep(T camera) {
        cameras.add(camera);
        return camera;
    }

    /** Occupancy of the car park as the engine counts it. */
    public int occupancy() {
        return gateway.access().state().occupancy("main-lot");
    }

    /** The journal's events of {@code kind}, each body with {@code device} and {@code ts} added. */
    public List<JsonNode> events(String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                PreparedStatement ps =
                        c.prepareStatement("SELECT device, ts_us, body FROM events WHERE kind = ? ORDER BY seq")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode n = (ObjectNode) JSON.readTree(rs.getString(3));
                    n.put("_device", rs.getString(1));
                    n.put("_ts", Instant.EPOCH.plusNanos(rs.getLong(2) * 1000).toString());
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The plate-read events, in journal order. */
    public List<JsonNode> reads() throws Exception {
        return events("access").stream()
                .filter(n -> "plate-read".equals(n.path("event").asText()))
                .toList();
    }

    /** One metric's value from the operator listener's /metrics (summed over its series matching {@code filter}). */
    public double metric(String name, String filter) throws Exception {
        int port = gateway.http().orElseThrow().port();
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name)
                    && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.contains(filter)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The rig's access list: three permits and a visitor's plate pass, signed with the demo key. */
    static byte[] list() throws Exception {
        return PlateList.snapshot(SITE, 1)
                .resident("h-a", "1-1-702")
                .resident("h-b", "1-1-701")
                .resident("h-r", "1-1-602")
                .permit("p-a", "h-a", RESIDENT, "main-lot", "owned", false)
                .permit("p-b", "h-b", RESIDENT_2, "main-lot", "none", false)
                .permit("p-r", "h-r", RESERVED, "main-lot", "rented", true)
                .pass("v-1", "1-1-702", VISITOR, 6, 0, List.of("east-entry", "east-exit", "north-entry", "north-exit"))
                .sign(demoKey(), Keys.keyId(Keys.readPublic(Repository.file("config/demo-keys/demo-acl.pub"))));
    }

    /** The demo key, the one {@code config/demo.yaml} trusts: anyone may sign with it. */
    public static java.security.PrivateKey demoKey() throws java.io.IOException {
        return Keys.readPrivate(Repository.file("config/demo-keys/demo-acl.key"));
    }

    public Path dir() {
        return dir;
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    @Override
    public void close() {
        for (AutoCloseable c : cameras) {
            try {
                c.close();
            } catch (Exception e) {
                // closing test cameras: nothing to report
            }
        }
        if (gateway != null) {
            gateway.stop();
        }
        isapi.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Whether a file exists under the state directory's pictures. */
    public long pictures() throws Exception {
        Path images = stateDir().resolve("images");
        if (!Files.isDirectory(images)) {
            return 0;
        }
        try (var s = Files.walk(images)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
