package io.courtyard.config;

import io.courtyard.config.CameraConfig.Display;
import io.courtyard.config.CameraConfig.Isapi;
import io.courtyard.config.CameraConfig.NearMatch;
import io.courtyard.config.CameraConfig.Plates;
import io.courtyard.config.CameraConfig.SourceAddress;
import io.courtyard.config.CameraConfig.Vendor;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one entry of {@code barriers}: the barrier, its plate matching rule and its camera. */
final class BarrierSection {
    private static final Scalars.Parser<String> SERIAL =
            Scalars.text("a camera serial of letters, digits, '-' and '_'", Pattern.compile("[A-Za-z0-9_-]{1,64}"));
    private static final Scalars.Parser<Integer> CONFIDENCE = Scalars.intRange(1, 100);
    /** Two distinct characters, upper-case letters or digits: one confusable pair such as O0. */
    private static final Scalars.Parser<String> CONFUSION = Scalars.text(
            "two different upper-case letters or digits, such as O0", Pattern.compile("([A-Z0-9])(?!\\1)[A-Z0-9]"));
    /**
     * IPv4 literals (and CIDR) only by pattern, IPv6 by ':' — a host name here would need DNS at
     * startup, and a camera's identity must not depend on a lookup.
     */
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");

    private static final Scalars.Parser<SourceAddress> ADDRESS = Scalars.parser(
            "an IP address or CIDR block such as 192.168.10.21 or 192.168.10.0/24", BarrierSection::cidr);
    private static final Scalars.Parser<URI> HTTP_URL =
            Scalars.parser("an http(s) URL of the camera such as http://192.168.10.22", t -> {
                URI u = URI.create(t);
                boolean ok = ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                        && u.getHost() != null
                        && (u.getPath() == null || u.getPath().isEmpty() || "/".equals(u.getPath()))
                        && u.getQuery() == null;
                return ok ? u : null;
            });

    private BarrierSection() {}

    static Barrier read(YamlMap m) {
        String id = m.required("id", Scalars.ID);
        String name = m.optional("name", Scalars.ANY_TEXT, id);
        Direction dir = m.required("direction", Scalars.enumeration(Direction.class));
        String zone = m.required("zone", Scalars.ID);
        String serial = m.required("cameraSerial", SERIAL);
        boolean fire = m.optional("openOnFire", Scalars.BOOL, true);
        boolean fault = m.optional("openOnFault", Scalars.BOOL, false);
        Plates plates = m.has("plates") ? plates(m.map("plates")) : Plates.DEFAULTS;
        Optional<CameraConfig> camera =
                m.has("camera") ? Optional.ofNullable(camera(m.map("camera"))) : Optional.empty();
        return id == null || dir == null || zone == null || serial == null
                ? null
                : new Barrier(id, name, dir, zone, serial, fire, fault, plates, camera);
    }

    private static Plates plates(YamlMap m) {
        int min = m.optional("minConfidence", CONFIDENCE, Plates.DEFAULTS.minConfidence());
        Optional<NearMatch> near = Optional.empty();
        if (m.has("nearMatch")) {
            YamlMap n = m.map("nearMatch");
            int nearMin = n.optional("minConfidence", CONFIDENCE, 90);
            List<String> pairs =
                    n.has("confusions") ? n.scalars("confusions", CONFUSION) : NearMatch.DEFAULT_CONFUSIONS;
            if (nearMin < min) {
                n.problems()
                        .add(
                                n.value("minConfidence"),
                                n.field("minConfidence"),
                                nearMin + " is below plates.minConfidence (" + min
                                        + "): a near match must need more confidence than an exact one");
            }
            n.finish();
            near = Optional.of(new NearMatch(nearMin, pairs));
        }
        m.finish();
        return new Plates(min, near);
    }

    private static CameraConfig camera(YamlMap m) {
        Vendor vendor = m.required("vendor", Scalars.enumeration(Vendor.class));
        List<SourceAddress> addresses = addresses(m);
        Optional<Secret> secret = ServiceSection.secret(m, "secret");
        Duration answer = m.optional(
                "answerWithin",
                Scalars.duration(Duration.ofMillis(200), Duration.ofSeconds(30)),
                Duration.ofSeconds(1));
        Duration offline = m.optional(
                "offlineAfter", Scalars.duration(Duration.ofSeconds(10), Duration.ofDays(1)), Duration.ofMinutes(2));
        boolean stop = m.optional("retransferStop", Scalars.BOOL, false);
        Display display = m.optional("display", Scalars.enumeration(Display.class), Display.OFF);
        Optional<Isapi> isapi = m.has("isapi") ? Optional.ofNullable(isapi(m.map("isapi"))) : Optional.empty();
        if (vendor == Vendor.HIKVISION && isapi.isEmpty() && !m.has("isapi")) {
            m.missing("isapi", "url, username and password: a Hikvision barrier is opened through ISAPI");
        }
        if (vendor != null && vendor != Vendor.VZENITH) {
            for (String k : List.of("retransferStop", "display")) {
                if (m.has(k)) {
                    m.problems()
                            .add(
                                    m.value(k),
                                    m.field(k),
                                    "applies to vendor vzenith only, this camera is " + vendor.tag());
                }
            }
        }
        if (vendor != null && vendor != Vendor.HIKVISION && m.has("isapi")) {
            m.problems().add(m.value("isapi"), m.field("isapi"), "applies to vendor hikvision only");
        }
        boolean keep = m.optional("keepImages", Scalars.BOOL, false);
        long quota = m.optional("imageQuota", Scalars.bytes(1 << 20, 1L << 40), 256L << 20);
        if (!keep && m.has("imageQuota")) {
            m.problems().add(m.value("imageQuota"), m.field("imageQuota"), "has no effect without keepImages: true");
        }
        m.finish();
        return vendor == null || addresses.isEmpty()
                ? null
                : new CameraConfig(
                        vendor,
                        addresses,
                        secret,
                        answer,
                        offline,
                        stop,
                        display,
                        isapi,
                        keep ? Optional.of(quota) : Optional.empty());
    }

    private static Isapi isapi(YamlMap m) {
        URI url = m.required("url", HTTP_URL);
        int channel = m.optional("channel", Scalars.intRange(1, 64), 1);
        String user = m.required("username", Scalars.ANY_TEXT);
        Optional<Secret> password = ServiceSection.secret(m, "password");
        if (ServiceSection.noSecret(m, "password")) {
            m.missing("password", "password or passwordFile: the ISAPI user's password");
        }
        Duration timeout = m.optional(
                "timeout", Scalars.duration(Duration.ofMillis(200), Duration.ofSeconds(30)), Duration.ofSeconds(2));
        m.finish();
        return url == null || user == null || password.isEmpty()
                ? null
                : new Isapi(url, channel, user, password.get(), timeout);
    }

    /** {@code a.b.c.d}, {@code a.b.c.d/n}, or an IPv6 literal with an optional {@code /n}; no host names. */
    private static SourceAddress cidr(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        boolean v4 = IPV4.matcher(host).matches();
        if (!v4 && !host.contains(":")) {
            return null;
        }
        if (v4) {
            Matcher parts = Pattern.compile("\\d+").matcher(host);
            while (parts.find()) {
                if (Integer.parseInt(parts.group()) > 255) {
                    return null;
                }
            }
        }
        byte[] addr;
        try {
            // A literal: getByName parses it without any lookup.
            addr = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        int bits = addr.length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        return prefix < 0 || prefix > bits ? null : new SourceAddress(addr, prefix, t);
    }

    /** Both forms of {@code address}: one scalar (the common case) or a list (a camera with two NICs). */
    private static List<SourceAddress> addresses(YamlMap m) {
        Node v = m.value("address");
        if (v == null) {
            m.missing("address", "the camera's IP address (or a list of addresses / CIDR blocks)");
            return List.of();
        }
        if (v instanceof ScalarNode) {
            SourceAddress a = ADDRESS.read(v, m.field("address"), m.problems());
            return a == null ? List.of() : List.of(a);
        }
        return m.scalars("address", ADDRESS);
    }
}
