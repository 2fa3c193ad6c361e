package io.courtyard.http.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing: a user name, or an address, with {@code limit} failed logins within
 * {@code window} is refused until the oldest of them is {@code window} old. Both counts apply, so
 * spreading guesses over many names from one address, or over many addresses at one name, is
 * refused all the same. Bounded in the keys it remembers.
 */
public final class LoginThrottle {
    static final int MAX_KEYS = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> failures = new LinkedHashMap<>();

    public LoginThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** How long the user or the address must still wait; {@link Duration#ZERO} when it may try. */
    public synchronized Duration wait(String user, String address) {
        Instant now = clock.instant();
        Duration a = waitFor("user:" + user, now);
        Duration b = waitFor("addr:" + address, now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        add("user:" + user, now);
        add("addr:" + address, now);
    }

    /**
     * How long {@code address} must wait before trying a token again. Tokens have no user name to
     * count against: a bad one counts only against its address, so nobody can lock every script out.
     */
    public synchronized Duration waitAddress(String address) {
        return waitFor("addr:" + address, clock.instant());
    }

    public synchronized void failedAddress(String address) {
        add("addr:" + address, clock.instant());
    }

    /** A good password clears its user's count; the address's stays, so one known account is no free pass. */
    public synchronized void succeeded(String user) {
        failures.remove("user:" + user);
    }

    private Duration waitFor(String key, Instant now) {
        ArrayDeque<Instant> q = failures.get(key);
        if (q == null) {
            return Duration.ZERO;
        }
        prune(q, now);
        if (q.isEmpty()) {
            failures.remove(key);
            return Duration.ZERO;
        }
        return q.size() < limit
                ? Duration.ZERO
                : Duration.between(now, q.peekFirst().plus(window));
    }

    private void add(String key, Instant now) {
        if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
            evictStale(now);
        }
        ArrayDeque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(q, now);
        q.addLast(now);
        // Only the newest `limit` failures decide when the key may try again.
        while (q.size() > limit) {
            q.removeFirst();
        }
    }

    private void evictStale(Instant now) {
        for (Iterator<ArrayDeque<Instant>> it = failures.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Instant> q = it.next();
            prune(q, now);
            if (q.isEmpty()) {
                it.remove();
            }
        }
        // Still full of live keys: forget the oldest-inserted one rather than grow.
        if (failures.size() >= MAX_KEYS) {
            Iterator<String> it = failures.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private void prune(ArrayDeque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
            q.removeFirst();
        }
    }
}
