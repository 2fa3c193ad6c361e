package io.courtyard.http.auth;

import io.courtyard.config.OperatorsConfig.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operators' sessions, in memory only (a restart logs everybody out): random 256-bit ids, an
 * idle and an absolute expiry, and a CSRF token each. Bounded: beyond {@link #MAX} the oldest goes.
 */
public final class Sessions {
    /** Operators are a handful of people; a flood of logins must not grow the heap without end. */
    static final int MAX = 1_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration absolute;
    private final Clock clock;

    /** One login's session. {@code lastUsed} moves on every request that finds it. */
    public static final class Session {
        private final String id;
        private final String user;
        private final Role role;
        private final String csrf;
        private final Instant created;
        private volatile Instant lastUsed;

        Session(String id, String user, Role role, String csrf, Instant created) {
            this.id = id;
            this.user = user;
            this.role = role;
            this.csrf = csrf;
            this.created = created;
            this.lastUsed = created;
        }

        public String id() {
            return id;
        }

        public String user() {
            return user;
        }

        public Role role() {
            return role;
        }

        public String csrf() {
            return csrf;
        }

        public Instant created() {
            return created;
        }
    }

    /** What a session id found: the live session, or the one that has just expired (and why), or nothing. */
    public sealed interface Lookup {
        record Live(Session session) implements Lookup {}

        record Expired(Session session, String reason) implements Lookup {}

        record Unknown() implements Lookup {}
    }

    public Sessions(Duration idle, Duration absolute, Clock clock) {
        this.idle = idle;
        this.absolute = absolute;
        this.clock = clock;
    }

    public Session open(String user, Role role) {
        Instant now = clock.instant();
        if (byId.size() >= MAX) {
            byId.values().stream().min(Comparator.comparing(s -> s.lastUsed)).ifPresent(s -> byId.remove(s.id));
        }
        Session s = new Session(random(), user, role, random(), now);
        byId.put(s.id, s);
        return s;
    }

    /** Finds the session of {@code id} and marks it used; an expired one is removed and reported once. */
    public Lookup find(String id) {
        Session s = id == null ? null : byId.get(id);
        if (s == null) {
            return new Lookup.Unknown();
        }
        Instant now = clock.instant();
        String reason =
                now.isAfter(s.created.plus(absolute)) ? "expired" : now.isAfter(s.lastUsed.plus(idle)) ? "idle" : null;
        if (reason != null) {
            byId.remove(id, s);
            return new Lookup.Expired(s, reason);
        }
        s.lastUsed = now;
        return new Lookup.Live(s);
    }

    public void close(Session s) {
        byId.remove(s.id, s);
    }

    public Duration idle() {
        return idle;
    }

    public Duration absolute() {
        return absolute;
    }

    /** 32 bytes from the system's strong generator, URL-safe base64 (a cookie value needs no quoting). */
    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
