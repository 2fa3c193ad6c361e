package io.courtyard.http.auth;

import io.courtyard.config.OperatorsConfig;
import io.courtyard.config.OperatorsConfig.Role;
import io.courtyard.http.OperatorRequest;
import io.courtyard.journal.event.OperatorLogin;
import io.courtyard.journal.event.OperatorLogin.Method;
import io.courtyard.journal.event.OperatorLogin.Outcome;
import io.courtyard.journal.event.OperatorLogout;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells who a request acts for (session cookie, script token, or the local command line's token)
 * and logs people in and out, throttling guessers; every login, failed or not, and every logout
 * is journaled.
 */
public final class OperatorAuth {
    public static final String COOKIE = "courtyard_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final OperatorsConfig config;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Audit audit;
    private volatile Optional<LocalToken> local = Optional.empty();
    private final boolean tls;

    /** What a login attempt came to. */
    public sealed interface Login {
        record Ok(Sessions.Session session) implements Login {}

        record Refused() implements Login {}

        record Throttled(Duration retryAfter) implements Login {}
    }

    /** What a request's credentials came to: a principal, or why there is none. */
    public sealed interface Who {
        record Known(Principal principal) implements Who {}

        /** No credentials, wrong ones, or an expired session: 401. */
        record Nobody(String why) implements Who {}

        /** A token guesser over its limit: 429. */
        record Throttled(Duration retryAfter) implements Who {}
    }

    public OperatorAuth(OperatorsConfig config, Audit audit, boolean tls, Clock clock) {
        this.config = config;
        this.sessions = new Sessions(config.sessionIdle(), config.sessionMax(), clock);
        this.throttle = new LoginThrottle(config.loginFailures(), config.lockout(), clock);
        this.audit = audit;
        this.tls = tls;
    }

    /** From now on the command line's token is accepted from loopback. */
    void allowLocal(LocalToken token) {
        this.local = Optional.of(token);
    }

    public Login login(String user, char[] password, String from) throws InterruptedException {
        Duration wait = throttle.wait(user, from);
        if (!wait.isZero()) {
            audit.record(new OperatorLogin(Outcome.THROTTLED, Method.PASSWORD, user, null, from));
            return new Login.Throttled(wait);
        }
        Optional<OperatorsConfig.User> u = config.user(user);
        boolean ok;
        if (u.isPresent()) {
            ok = PasswordHash.verify(password, u.get().passwordHash());
        } else {
            PasswordHash.verifyNobody(password);
            ok = false;
        }
        if (!ok) {
            throttle.failed(user, from);
            audit.record(new OperatorLogin(
                    u.isPresent() ? Outcome.WRONG_PASSWORD : Outcome.UNKNOWN_USER, Method.PASSWORD, user, null, from));
            return new Login.Refused();
        }
        throttle.succeeded(user);
        Role role = u.get().role();
        audit.record(new OperatorLogin(Outcome.OK, Method.PASSWORD, user, lower(role), from));
        return new Login.Ok(sessions.open(user, role));
    }

    public void logout(Principal p, String from) throws InterruptedException {
        if (p.session() != null) {
            sessions.close(p.session());
            audit.record(new OperatorLogout(OperatorLogout.Reason.LOGOUT, p.name(), p.roleName(), from));
        }
    }

    /** Who {@code r} acts for. A bearer token wins over a cookie: scripts do not carry sessions. */
    public Who who(OperatorRequest r) throws InterruptedException {
        String from = address(r);
        String authorization = r.http().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            return bearer(authorization, from, r);
        }
        String id = sessionCookie(r);
        if (id == null) {
            return new Who.Nobody("log in first");
        }
        Sessions.Lookup found = sessions.find(id);
        if (found instanceof Sessions.Lookup.Live l) {
            return new Who.Known(
                    new Principal(l.session().user(), l.session().role(), Principal.Via.SESSION, l.session()));
        }
        if (found instanceof Sessions.Lookup.Expired e) {
            audit.record(new OperatorLogout(
                    "idle".equals(e.reason()) ? OperatorLogout.Reason.IDLE : OperatorLogout.Reason.EXPIRED,
                    e.session().user(),
                    lower(e.session().role()),
                    from));
            return new Who.Nobody("session " + e.reason() + "; log in again");
        }
        return new Who.Nobody("unknown session; log in again");
    }

    private Who bearer(String authorization, String from, OperatorRequest r) throws InterruptedException {
        Duration wait = throttle.waitAddress(from);
        if (!wait.isZero()) {
            return new Who.Throttled(wait);
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Who.Nobody("Authorization: Bearer TOKEN expected");
        }
        String token = authorization.substring(7).strip();
        if (local.isPresent()
                && r.remote() != null
                && r.remote().getAddress().isLoopbackAddress()
                && local.get().matches(token)) {
            return new Who.Known(new Principal("local", Role.ADMIN, Principal.Via.LOCAL, null));
        }
        byte[] sha = PasswordHash.tokenSha256(token).getBytes(StandardCharsets.US_ASCII);
        OperatorsConfig.Token found = null;
        // Every configured token is compared, in constant time, whichever matches.
        for (OperatorsConfig.Token t : config.tokens()) {
            if (MessageDigest.isEqual(sha, t.sha256().getBytes(StandardCharsets.US_ASCII))) {
                found = t;
            }
        }
        if (found == null) {
            throttle.failedAddress(from);
            audit.record(new OperatorLogin(Outcome.BAD_TOKEN, Method.TOKEN, "?", null, from));
            return new Who.Nobody("unknown token");
        }
        return new Who.Known(new Principal(found.name(), found.role(), Principal.Via.TOKEN, null));
    }

    /** The Set-Cookie value for a new session; {@code Secure} when the listener serves TLS. */
    public String cookie(Sessions.Session s) {
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + config.sessionMax().toSeconds() + (tls ? "; Secure" : "");
    }

    /** The Set-Cookie value that drops the session cookie in the browser. */
    public String clearCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (tls ? "; Secure" : "");
    }

    public Duration sessionIdle() {
        return sessions.idle();
    }

    static String sessionCookie(OperatorRequest r) {
        String header = r.http().headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (c.name().equals(COOKIE)) {
                return c.value();
            }
        }
        return null;
    }

    public static String address(OperatorRequest r) {
        return r.remote() == null || r.remote().getAddress() == null
                ? "?"
                : r.remote().getAddress().getHostAddress();
    }

    static String lower(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
