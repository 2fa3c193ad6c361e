package io.courtyard.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's files, from the jar: only the paths registered here are served, read once at
 * start, so no request path ever reaches a file system or class loader lookup. Paths that try to
 * climb out ({@code ..}, encoded or not, backslashes, NUL) are refused with 400 before the lookup.
 * Every file carries a strict Content-Security-Policy (no inline script, nothing from elsewhere).
 */
public final class StaticFiles implements Route {
    /** Scripts, styles, images, fonts and API calls from this gateway only; no inline script, no framing. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
            + " form-action 'self'";

    private final Map<String, File> files = new LinkedHashMap<>();

    private record File(byte[] body, String type, String etag, String cacheControl) {}

    /**
     * Serves the class path resource {@code resource} at {@code path}.
     *
     * @param immutable the path names a version (a vendor library): browsers may keep it a day without asking
     */
    public StaticFiles add(String path, String resource, boolean immutable) {
        byte[] body;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("not in the jar: " + resource);
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        String cache = immutable ? "public, max-age=86400, immutable" : "no-cache";
        files.put(path, new File(body, type(resource), '"' + sha256(body).substring(0, 32) + '"', cache));
        return this;
    }

    public Iterable<String> paths() {
        return files.keySet();
    }

    @Override
    public FullHttpResponse handle(OperatorRequest r) {
        if (!r.method().equals(HttpMethod.GET) && !r.method().equals(HttpMethod.HEAD)) {
            return Responses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET\n");
        }
        if (climbs(r.http().uri()) || climbs(r.path())) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "no such path\n");
        }
        File f = files.get(r.path());
        if (f == null) {
            return Responses.text(HttpResponseStatus.NOT_FOUND, "no such file\n");
        }
        FullHttpResponse res;
        if (f.etag().equals(r.http().headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            res = Responses.bytes(HttpResponseStatus.NOT_MODIFIED, f.type(), new byte[0]);
        } else {
            res = Responses.bytes(
                    HttpResponseStatus.OK, f.type(), r.method().equals(HttpMethod.HEAD) ? new byte[0] : f.body());
        }
        res.headers()
                .set(HttpHeaderNames.ETAG, f.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, f.cacheControl())
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP);
        return res;
    }

    /** Whether a raw or decoded path tries to leave the served set: dot segments, backslashes, NUL, or their encodings. */
    static boolean climbs(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.contains("..")
                || p.contains("%2e")
                || p.contains("%2f")
                || p.contains("%5c")
                || p.contains("%00")
                || p.contains("%25")
                || p.contains("\\")
                || p.indexOf('\0') >= 0
                || p.contains("//");
    }

    private static String type(String resource) {
        String r = resource.toLowerCase(Locale.ROOT);
        if (r.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (r.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (r.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (r.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (r.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
