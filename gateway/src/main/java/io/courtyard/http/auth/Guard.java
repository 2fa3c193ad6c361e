package io.courtyard.http.auth;

import io.courtyard.config.OperatorsConfig.Role;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Route;
import io.courtyard.journal.event.OperatorAction;
import io.courtyard.journal.event.OperatorExport;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts a route behind the login: 401 without valid credentials, 403 without the role or, for a
 * change carried by a session cookie, without the session's CSRF token; the acting user replaces
 * any {@code by} the request names; changes (refused ones too) and exports are journaled before
 * the answer leaves.
 */
public final class Guard {
    private final OperatorAuth auth;
    private final Audit audit;

    public Guard(OperatorAuth auth, Audit audit) {
        this.auth = auth;
        this.audit = audit;
    }

    /** {@code route} behind the login, with what each request needs told by {@code policy}. */
    public Route wrap(Function<OperatorRequest, Rule> policy, Route route) {
        return r -> {
            OperatorAuth.Who who = auth.who(r);
            if (who instanceof OperatorAuth.Who.Throttled t) {
                return Problem.throttled(t.retryAfter());
            }
            if (who instanceof OperatorAuth.Who.Nobody n) {
                return Problem.of(HttpResponseStatus.UNAUTHORIZED, n.why());
            }
            Principal p = ((OperatorAuth.Who.Known) who).principal();
            Rule rule = policy.apply(r);
            String from = OperatorAuth.address(r);
            String refused = refusal(r, p, rule);
            if (refused != null) {
                audit(rule, p, r, from, HttpResponseStatus.FORBIDDEN.code());
                return Problem.of(HttpResponseStatus.FORBIDDEN, refused);
            }
            FullHttpResponse res = route.handle(actingAs(r, p));
            audit(rule, p, r, from, res.status().code());
            return res;
        };
    }

    /** Why {@code p} may not do this, or null. */
    private static String refusal(OperatorRequest r, Principal p, Rule rule) {
        if (!p.may(rule.roles().toArray(Role[]::new))) {
            return "your role (" + p.roleName() + ") may not do this";
        }
        if (p.via() == Principal.Via.SESSION && changes(r) && !csrfMatches(r, p.session())) {
            return "missing or wrong " + OperatorAuth.CSRF_HEADER + "; reload the page";
        }
        return null;
    }

    /** Checked by the login routes too: a logout is a change. */
    static boolean csrfMatches(OperatorRequest r, Sessions.Session s) {
        String sent = r.http().headers().get(OperatorAuth.CSRF_HEADER);
        return sent != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.US_ASCII), s.csrf().getBytes(StandardCharsets.US_ASCII));
    }

    static boolean changes(OperatorRequest r) {
        HttpMethod m = r.method();
        return !m.equals(HttpMethod.GET) && !m.equals(HttpMethod.HEAD);
    }

    private void audit(Rule rule, Principal p, OperatorRequest r, String from, int status) throws InterruptedException {
        if (rule.action() != null) {
            audit.record(new OperatorAction(
                    rule.action(),
                    rule.target(),
                    p.name(),
                    p.roleName(),
                    from,
                    r.param("note").orElse(null),
                    status));
        } else if (rule.export() != null && status == HttpResponseStatus.OK.code()) {
            String uri = r.http().uri();
            int q = uri.indexOf('?');
            audit.record(
                    new OperatorExport(rule.export(), q < 0 ? "" : uri.substring(q + 1), p.name(), p.roleName(), from));
        }
    }

    /**
     * The request as the route should see it: {@code by} is the logged-in user, whatever the
     * request said; only the local command line names its own (it runs as the box's operator).
     */
    private static OperatorRequest actingAs(OperatorRequest r, Principal p) {
        if (p.via() == Principal.Via.LOCAL && r.param("by").isPresent()) {
            return r;
        }
        Map<String, List<String>> q = new HashMap<>(r.query());
        q.put("by", List.of(p.via() == Principal.Via.LOCAL ? "local" : p.name()));
        return new OperatorRequest(r.http(), r.remote(), r.path(), Map.copyOf(q));
    }
}
