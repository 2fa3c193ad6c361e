package io.courtyard.sim.lpr;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Where and how an emulated camera pushes: the gateway's camera listener, the path typed into the
 * camera, the address it pushes from, its timeout and retransmissions, and its shared secret.
 *
 * @param from the camera's own address (any 127.x.y.z on loopback), or null for any
 * @param secret sent as the {@code key} query parameter when not null
 * @param retries retransmissions of an unanswered push before it becomes an offline record
 */
public record CameraLink(
        InetSocketAddress gateway, String path, InetSocketAddress from, Duration timeout, int retries, String secret) {

    public static CameraLink to(String host, int port, String path) {
        return new CameraLink(new InetSocketAddress(host, port), path, null, Duration.ofSeconds(3), 2, null);
    }

    public CameraLink from(String address) {
        return new CameraLink(gateway, path, new InetSocketAddress(address, 0), timeout, retries, secret);
    }

    public CameraLink timeout(Duration t) {
        return new CameraLink(gateway, path, from, t, retries, secret);
    }

    public CameraLink retries(int n) {
        return new CameraLink(gateway, path, from, timeout, n, secret);
    }

    public CameraLink secret(String s) {
        return new CameraLink(gateway, path, from, timeout, retries, s);
    }

    /** The request URI: the path, with the secret as {@code key} when the camera has one. */
    String uri() {
        return secret == null
                ? path
                : path + "?key=" + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
    }
}
