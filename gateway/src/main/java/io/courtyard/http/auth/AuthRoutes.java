package io.courtyard.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/login} (form or JSON: {@code user}, {@code password}) sets the session cookie
 * and answers the CSRF token; {@code POST /api/logout} ends the session; {@code GET /api/me} says
 * who is logged in (and the CSRF token again, for a reloaded page).
 */
public final class AuthRoutes {
    /** A user name and a password fit in far less; anything bigger is not a login. */
    private static final int MAX_LOGIN_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperatorAuth auth;

    public AuthRoutes(OperatorAuth auth) {
        this.auth = auth;
    }

    public FullHttpResponse login(OperatorRequest r) throws InterruptedException {
        if (!r.method().equals(HttpMethod.POST)) {
            return Problem.of(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST user and password");
        }
        Map<String, String> form = form(r);
        String user = form.get("user");
        String password = form.get("password");
        if (user == null || password == null || user.isEmpty() || user.length() > 64) {
            return Problem.of(HttpResponseStatus.BAD_REQUEST, "user and password are required");
        }
        char[] pw = password.toCharArray();
        OperatorAuth.Login result;
        try {
            result = auth.login(user, pw, OperatorAuth.address(r));
        } finally {
            Arrays.fill(pw, '\0');
        }
        if (result instanceof OperatorAuth.Login.Throttled t) {
            return Problem.throttled(t.retryAfter());
        }
        if (!(result instanceof OperatorAuth.Login.Ok ok)) {
            return Problem.of(HttpResponseStatus.UNAUTHORIZED, "wrong user or password");
        }
        FullHttpResponse res = Responses.json(
                me(new Principal(ok.session().user(), ok.session().role(), Principal.Via.SESSION, ok.session())));
        res.headers().set(HttpHeaderNames.SET_COOKIE, auth.cookie(ok.session()));
        return res;
    }

    public FullHttpResponse logout(OperatorRequest r) throws InterruptedException {
        if (!r.method().equals(HttpMethod.POST)) {
            return Problem.of(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST");
        }
        OperatorAuth.Who who = auth.who(r);
        if (who instanceof OperatorAuth.Who.Known k && k.principal().session() != null) {
            if (!Guard.csrfMatches(r, k.principal().session())) {
                return Problem.of(HttpResponseStatus.FORBIDDEN, "missing or wrong " + OperatorAuth.CSRF_HEADER);
            }
            auth.logout(k.principal(), OperatorAuth.address(r));
        }
        FullHttpResponse res = Responses.json(Map.of("loggedOut", true));
        res.headers().set(HttpHeaderNames.SET_COOKIE, auth.clearCookie());
        return res;
    }

    public FullHttpResponse me(OperatorRequest r) throws InterruptedException {
        OperatorAuth.Who who = auth.who(r);
        if (who instanceof OperatorAuth.Who.Known k) {
            return Responses.json(me(k.principal()));
        }
        return Problem.of(
                HttpResponseStatus.UNAUTHORIZED, who instanceof OperatorAuth.Who.Nobody n ? n.why() : "log in first");
    }

    private Map<String, Object> me(Principal p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", p.name());
        out.put("role", p.roleName());
        if (p.session() != null) {
            out.put("csrf", p.session().csrf());
            out.put("idleSeconds", auth.sessionIdle().toSeconds());
        }
        return out;
    }

    /** The login's fields from a form-encoded or JSON body; empty when it is neither or too big. */
    private static Map<String, String> form(OperatorRequest r) {
        var content = r.http().content();
        if (content.readableBytes() > MAX_LOGIN_BYTES) {
            return Map.of();
        }
        String body = content.toString(StandardCharsets.UTF_8);
        String type = r.http().headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        Map<String, String> out = new LinkedHashMap<>();
        if (type.startsWith(HttpHeaderValues.APPLICATION_JSON.toString())) {
            try {
                JsonNode n = JSON.readTree(body);
                if (n != null && n.isObject()) {
                    n.fields().forEachRemaining(e -> {
                        if (e.getValue().isTextual()) {
                            out.put(e.getKey(), e.getValue().asText());
                        }
                    });
                }
            } catch (IOException e) {
                return Map.of();
            }
        } else if (type.startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
            new QueryStringDecoder(body, StandardCharsets.UTF_8, false)
                    .parameters()
                    .forEach((k, v) -> {
                        List<String> values = v;
                        if (!values.isEmpty()) {
                            out.put(k, values.get(0));
                        }
                    });
        }
        return out;
    }
}
