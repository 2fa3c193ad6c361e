package io.courtyard.sim.scenario;

import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The run's configuration: the installer's site file as written, with everything that would reach
 * real hardware or a real platform pointed at this run instead — OSDP buses at the emulators'
 * serial servers, cameras at loopback addresses, listeners and the upstream broker on free ports,
 * a fresh state directory, and the run's own access-list key (so the scenario can sign lists for
 * it). The site itself (buildings, devices, floors, zones, schedules, limits) is left as it is.
 */
public final class SiteConfig {
    /** What a scenario changes before the gateway starts. */
    public static final class Overrides {
        private String rescueTarget;
        private final Map<String, String> debounce = new LinkedHashMap<>();
        private Integer capacity;

        /** {@code faults.rescueTarget}, e.g. {@code 1m} (the gateway's minimum). */
        public Overrides rescueTarget(String target) {
            this.rescueTarget = target;
            return this;
        }

        /** {@code monitoring.debounce.TYPE}, e.g. {@code 2s}, so a fault shows within the run. */
        public Overrides debounce(String faultType, String hold) {
            debounce.put(faultType, hold);
            return this;
        }

        /** The capacity of every parking zone, so a short run can fill the lot. */
        public Overrides capacity(int vehicles) {
            capacity = vehicles;
            return this;
        }
    }

    /** The derived file, the configuration it gives, and the free ports it names. */
    public record Derived(Path file, GatewayConfig config, int upstreamPort, Map<String, Integer> isapiPorts) {}

    private SiteConfig() {}

    /** Reads and validates {@code source}, then writes {@code dir/courtyard.yaml} for the run. */
    @SuppressWarnings("unchecked")
    public static Derived derive(
            Path source,
            Path dir,
            PublicKey aclKey,
            int upstreamPort,
            FreePorts ports,
            java.util.function.Consumer<Overrides> tune)
            throws IOException, ConfigException {
        ConfigLoader.load(source); // the installer's file must be valid as it is: its errors name its own lines
        Map<String, Object> root;
        try (Reader r = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).load(r);
        }
        Path base = source.toAbsolutePath().getParent();
        absolutize(root, base);
        Overrides o = new Overrides();
        tune.accept(o);
        root.put("state", map("dir", dir.resolve("state").toString()));
        Map<String, Object> listeners = child(root, "listeners");
        listeners.put("http", map("bind", "127.0.0.1", "port", ports.next()));
        for (String l : List.of("cameras", "deviceMqtt")) {
            Map<String, Object> m = child(listeners, l);
            m.put("bind", "127.0.0.1");
            m.put("port", ports.next());
        }
        Map<String, Object> oldUp = child(child(root, "upstream"), "mqtt");
        Map<String, Object> up = map(
                "uri",
                "tcp://127.0.0.1:" + upstreamPort,
                "topicPrefix",
                oldUp.getOrDefault("topicPrefix", "courtyard"),
                "clientId",
                "scenario-gateway");
        if (oldUp.containsKey("batchSize")) {
            up.put("batchSize", oldUp.get("batchSize"));
        }
        root.put("upstream", map("mqtt", up));
        Map<String, Object> acl = map("publicKey", Base64.getEncoder().encodeToString(aclKey.getEncoded()));
        Map<String, Object> oldAcl = child(root, "acl");
        for (String keep : List.of("pinKey", "pinKeyFile")) {
            if (oldAcl.containsKey(keep)) {
                acl.put(keep, oldAcl.get(keep));
            }
        }
        root.put("acl", acl);
        for (Object bus : list(root, "osdpBuses")) {
            ((Map<String, Object>) bus).put("host", "127.0.0.1");
            ((Map<String, Object>) bus).put("port", ports.next());
        }
        Map<String, Integer> isapi = cameras(root, ports);
        if (o.rescueTarget != null) {
            child(root, "faults").put("rescueTarget", o.rescueTarget);
        }
        if (!o.debounce.isEmpty()) {
            child(child(root, "monitoring"), "debounce").putAll(o.debounce);
        }
        for (Object zone : list(root, "parkingZones")) {
            if (o.capacity != null) {
                ((Map<String, Object>) zone).put("capacity", o.capacity);
            }
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("courtyard.yaml");
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(
                file,
                "# Derived by `courtyard-sim scenario` from " + source.toAbsolutePath() + "\n" + new Yaml(d).dump(root),
                StandardCharsets.UTF_8);
        return new Derived(file, ConfigLoader.load(file), upstreamPort, isapi);
    }

    /**
     * Each barrier's camera gets a loopback address of its own (Hikvision cameras are told apart by
     * their source address) and a Hikvision camera's ISAPI endpoint a free port the run serves.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> cameras(Map<String, Object> root, FreePorts ports) throws IOException {
        Map<String, Integer> isapi = new LinkedHashMap<>();
        int i = 0;
        for (Object b : list(root, "barriers")) {
            Map<String, Object> barrier = (Map<String, Object>) b;
            Object cam = barrier.get("camera");
            if (!(cam instanceof Map)) {
                continue;
            }
            Map<String, Object> camera = (Map<String, Object>) cam;
            camera.put("address", "127.0.0." + (10 + i++));
            Object api = camera.get("isapi");
            if (api instanceof Map) {
                int port = ports.next();
                ((Map<String, Object>) api).put("url", "http://127.0.0.1:" + port);
                isapi.put(String.valueOf(barrier.get("id")), port);
            }
        }
        return isapi;
    }

    /** Relative {@code …File} paths are relative to the site file, which the derived file no longer sits beside. */
    @SuppressWarnings("unchecked")
    private static void absolutize(Object node, Path base) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<Object, Object> e : ((Map<Object, Object>) m).entrySet()) {
                if (e.getKey() instanceof String k
                        && k.toLowerCase(Locale.ROOT).endsWith("file")
                        && e.getValue() instanceof String s) {
                    e.setValue(base.resolve(s).normalize().toString());
                } else {
                    absolutize(e.getValue(), base);
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(x -> absolutize(x, base));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        parent.put(key, m);
        return m;
    }

    private static List<Object> list(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        return v instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
