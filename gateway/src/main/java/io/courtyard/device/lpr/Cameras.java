package io.courtyard.device.lpr;

import io.courtyard.config.CameraConfig;
import io.courtyard.config.CameraConfig.Vendor;
import io.courtyard.config.DevicesConfig.Barrier;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is pushing: a camera is known by its configured serial (the Vzenith and generic pushes name
 * it; a Hikvision alert does not, so there the source address alone), and its push must come from
 * one of its configured addresses, in its own format, with its shared secret when one is set.
 */
final class Cameras {
    private final Map<String, Camera> bySerial = new HashMap<>();
    private final Map<String, Barrier> unconfigured = new HashMap<>();
    private final List<Camera> hikvision = new ArrayList<>();
    private final List<Camera> all = new ArrayList<>();

    /** A push refused before it was decided: the HTTP status, the metric reason, and why in words. */
    record Refusal(HttpResponseStatus status, String reason, String message) {}

    /** Either the camera or why not. */
    record Identity(Camera camera, Refusal refusal) {}

    Cameras(List<Barrier> barriers) {
        for (Barrier b : barriers) {
            if (b.camera().isEmpty()) {
                unconfigured.put(b.cameraSerial(), b);
                continue;
            }
            Camera c = Camera.of(b, b.camera().get());
            all.add(c);
            bySerial.put(c.serial(), c);
            if (c.config().vendor() == Vendor.HIKVISION) {
                hikvision.add(c);
            }
        }
    }

    List<Camera> all() {
        return all;
    }

    /** The Hikvision camera at {@code source}, before its alert is decoded (it names no serial). */
    Identity byAddress(InetAddress source, FullHttpRequest request) {
        for (Camera c : hikvision) {
            if (c.config().addresses().stream().anyMatch(a -> a.matches(source))) {
                return checked(c, Vendor.HIKVISION, source, request);
            }
        }
        return refused(
                HttpResponseStatus.FORBIDDEN,
                "unknown-camera",
                "no Hikvision camera is configured at " + source.getHostAddress());
    }

    /** The camera whose serial a decoded push names, pushing to {@code path}'s vendor. */
    Identity bySerial(String serial, Vendor pushed, InetAddress source, FullHttpRequest request) {
        Camera c = serial == null ? null : bySerial.get(serial);
        if (c == null) {
            if (serial != null && unconfigured.containsKey(serial)) {
                return refused(
                        HttpResponseStatus.FORBIDDEN,
                        "unconfigured-camera",
                        "camera " + serial + " of barrier "
                                + unconfigured.get(serial).id()
                                + " has no camera settings (barriers[].camera): its pushes are refused");
            }
            return refused(
                    HttpResponseStatus.FORBIDDEN,
                    "unknown-camera",
                    "no barrier has camera serial '" + printable(serial) + "'");
        }
        return checked(c, pushed, source, request);
    }

    private Identity checked(Camera c, Vendor pushed, InetAddress source, FullHttpRequest request) {
        CameraConfig cfg = c.config();
        if (cfg.vendor() != pushed) {
            return refused(
                    HttpResponseStatus.FORBIDDEN,
                    "wrong-format",
                    "camera " + c.serial() + " is configured as " + cfg.vendor().tag() + ", it pushed to /lpr/"
                            + pushed.tag());
        }
        if (cfg.addresses().stream().noneMatch(a -> a.matches(source))) {
            return refused(
                    HttpResponseStatus.FORBIDDEN,
                    "wrong-address",
                    "camera " + c.serial() + " pushed from " + source.getHostAddress() + ", configured: "
                            + cfg.addresses());
        }
        if (cfg.secret().isPresent() && !secretMatches(cfg.secret().get().reveal(), request)) {
            return refused(
                    HttpResponseStatus.UNAUTHORIZED,
                    "bad-secret",
                    "camera " + c.serial() + " did not present its shared secret");
        }
        return new Identity(c, null);
    }

    /**
     * The secret as the camera can send it: an HTTP Basic password (any user name), a Bearer token,
     * or the {@code key} query parameter of the URL typed into the camera. Compared in constant time.
     */
    static boolean secretMatches(String secret, FullHttpRequest request) {
        String presented = null;
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String userPass =
                        new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = userPass.indexOf(':');
                presented = colon < 0 ? null : userPass.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                presented = null;
            }
        } else if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.substring(7).strip();
        } else {
            List<String> key =
                    new QueryStringDecoder(request.uri()).parameters().get("key");
            presented = key == null || key.isEmpty() ? null : key.get(0);
        }
        return presented != null
                && MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    private static Identity refused(HttpResponseStatus status, String reason, String message) {
        return new Identity(null, new Refusal(status, reason, message));
    }

    /** A serial from the wire, safe for a log line: bounded, printable ASCII only. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 64; i++) {
            char ch = s.charAt(i);
            sb.append(ch >= 0x20 && ch < 0x7F ? ch : '?');
        }
        return sb.toString();
    }
}
