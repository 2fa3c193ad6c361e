package io.courtyard.device.lpr.isapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP Digest access authentication, RFC 7616, as ISAPI devices use it: algorithms MD5 and SHA-256,
 * {@code qop=auth}. Both sides live here, the gateway's client and the simulator's camera, so the
 * two agree by construction and the RFC's own example checks them (DigestTest).
 */
public final class Digest {
    private static final HexFormat HEX = HexFormat.of();

    private Digest() {}

    /** A {@code WWW-Authenticate: Digest ...} challenge. */
    public record Challenge(String realm, String nonce, String opaque, String algorithm, String qop, boolean stale) {
        /** Parses the header value; throws {@link IllegalArgumentException} when it is no usable Digest challenge. */
        public static Challenge parse(String header) {
            Map<String, String> p = params(header);
            String algorithm = p.getOrDefault("algorithm", "MD5");
            String qop = p.get("qop");
            if (!p.containsKey("realm") || !p.containsKey("nonce")) {
                throw new IllegalArgumentException("digest challenge without realm or nonce");
            }
            if (!supported(algorithm)) {
                throw new IllegalArgumentException(
                        "digest algorithm " + algorithm + " is not supported (MD5, SHA-256)");
            }
            if (qop != null && !qopOptions(qop).contains("auth")) {
                throw new IllegalArgumentException("digest qop " + qop + " offers no 'auth'");
            }
            return new Challenge(
                    p.get("realm"),
                    p.get("nonce"),
                    p.get("opaque"),
                    algorithm,
                    qop == null ? null : "auth",
                    "true".equalsIgnoreCase(p.get("stale")));
        }

        public String header() {
            StringBuilder sb = new StringBuilder("Digest realm=\"")
                    .append(realm)
                    .append("\", nonce=\"")
                    .append(nonce)
                    .append("\", algorithm=")
                    .append(algorithm);
            if (qop != null) {
                sb.append(", qop=\"").append(qop).append('"');
            }
            if (opaque != null) {
                sb.append(", opaque=\"").append(opaque).append('"');
            }
            if (stale) {
                sb.append(", stale=TRUE");
            }
            return sb.toString();
        }
    }

    /** An {@code Authorization: Digest ...} header's parameters. */
    public record Credentials(
            String username,
            String realm,
            String nonce,
            String uri,
            String algorithm,
            String qop,
            String nc,
            String cnonce,
            String response,
            String opaque) {
        /** Parses the header value; throws {@link IllegalArgumentException} when a required parameter is missing. */
        public static Credentials parse(String header) {
            Map<String, String> p = params(header);
            for (String k : new String[] {"username", "realm", "nonce", "uri", "response"}) {
                if (!p.containsKey(k)) {
                    throw new IllegalArgumentException("digest credentials without " + k);
                }
            }
            return new Credentials(
                    p.get("username"),
                    p.get("realm"),
                    p.get("nonce"),
                    p.get("uri"),
                    p.getOrDefault("algorithm", "MD5"),
                    p.get("qop"),
                    p.get("nc"),
                    p.get("cnonce"),
                    p.get("response"),
                    p.get("opaque"));
        }

        public String header() {
            StringBuilder sb = new StringBuilder("Digest username=\"")
                    .append(username)
                    .append("\", realm=\"")
                    .append(realm)
                    .append("\", nonce=\"")
                    .append(nonce)
                    .append("\", uri=\"")
                    .append(uri)
                    .append("\", algorithm=")
                    .append(algorithm);
            if (qop != null) {
                sb.append(", qop=")
                        .append(qop)
                        .append(", nc=")
                        .append(nc)
                        .append(", cnonce=\"")
                        .append(cnonce)
                        .append('"');
            }
            sb.append(", response=\"").append(response).append('"');
            if (opaque != null) {
                sb.append(", opaque=\"").append(opaque).append('"');
            }
            return sb.toString();
        }

        /** Whether {@code response} is right for this password and method (compared in constant time). */
        public boolean verify(String password, String method) {
            if (!supported(algorithm)) {
                return false;
            }
            String want = Digest.response(algorithm, username, realm, password, method, uri, nonce, nc, cnonce, qop);
            return MessageDigest.isEqual(
                    want.getBytes(StandardCharsets.US_ASCII), response.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The client's answer to {@code c} for one request; {@code nc} counts requests under the same nonce. */
    public static Credentials answer(
            Challenge c, String username, String password, String method, String uri, int nc, String cnonce) {
        String ncText = c.qop() == null ? null : String.format(Locale.ROOT, "%08x", nc);
        String cn = c.qop() == null ? null : cnonce;
        return new Credentials(
                username,
                c.realm(),
                c.nonce(),
                uri,
                c.algorithm(),
                c.qop(),
                ncText,
                cn,
                response(c.algorithm(), username, c.realm(), password, method, uri, c.nonce(), ncText, cn, c.qop()),
                c.opaque());
    }

    /** RFC 7616 §3.4.1: H(H(A1):nonce:nc:cnonce:qop:H(A2)), or H(H(A1):nonce:H(A2)) without qop. */
    static String response(
            String algorithm,
            String username,
            String realm,
            String password,
            String method,
            String uri,
            String nonce,
            String nc,
            String cnonce,
            String qop) {
        String ha1 = hash(algorithm, username + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, method + ":" + uri);
        return qop == null
                ? hash(algorithm, ha1 + ":" + nonce + ":" + ha2)
                : hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static boolean supported(String algorithm) {
        return "MD5".equalsIgnoreCase(algorithm) || "SHA-256".equalsIgnoreCase(algorithm);
    }

    private static String hash(String algorithm, String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5".equalsIgnoreCase(algorithm) ? "MD5" : "SHA-256");
            return HEX.formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has MD5 and SHA-256", e);
        }
    }

    private static java.util.List<String> qopOptions(String qop) {
        return java.util.Arrays.stream(qop.split(",")).map(String::strip).toList();
    }

    /**
     * The auth-params of a {@code Digest} header: {@code name=token} or {@code name="quoted string"}
     * (backslash escapes honoured), comma separated; names lower-cased.
     */
    static Map<String, String> params(String header) {
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            throw new IllegalArgumentException("not a Digest header");
        }
        Map<String, String> out = new LinkedHashMap<>();
        String s = header.substring(7);
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(s.charAt(i++));
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated quoted value of " + name);
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',') {
                    v.append(s.charAt(i++));
                }
            }
            out.putIfAbsent(name, v.toString().strip());
        }
        return out;
    }
}
