package io.courtyard.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.OperatorsConfig.Role;
import io.courtyard.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-10-01T08:00:00Z"));
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), clock);

    @Test
    void aSessionIdleLongerThanTheIdleLimitIsOverAndReportedOnce() {
        Sessions.Session s = sessions.open("li.wei", Role.MAINTENANCE);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id())).isInstanceOf(Sessions.Lookup.Live.class);
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(sessions.find(s.id())).isEqualTo(new Sessions.Lookup.Expired(s, "idle"));
        assertThat(sessions.find(s.id())).isInstanceOf(Sessions.Lookup.Unknown.class);
    }

    @Test
    void aSessionInUseEndsAtItsAbsoluteLimit() {
        Sessions.Session s = sessions.open("li.wei", Role.MAINTENANCE);
        for (int i = 0; i < 12 * 4; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.find(s.id())).as("after %d min", (i + 1) * 15).isInstanceOf(Sessions.Lookup.Live.class);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(s.id())).isEqualTo(new Sessions.Lookup.Expired(s, "expired"));
    }

    @Test
    void idsAndCsrfTokensAre256RandomBitsAndAClosedSessionIsGone() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Sessions.Session s = sessions.open("u", Role.COMMITTEE);
            assertThat(s.id()).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(s.id()) && seen.add(s.csrf())).isTrue();
        }
        Sessions.Session s = sessions.open("u", Role.COMMITTEE);
        sessions.close(s);
        assertThat(sessions.find(s.id())).isInstanceOf(Sessions.Lookup.Unknown.class);
        assertThat(sessions.find(null)).isInstanceOf(Sessions.Lookup.Unknown.class);
    }

    @Test
    void aFloodOfLoginsKeepsAtMostTheBoundAndDropsTheLeastRecentlyUsed() {
        Sessions.Session first = sessions.open("first", Role.ADMIN);
        for (int i = 0; i < Sessions.MAX + 10; i++) {
            clock.advance(Duration.ofMillis(1));
            sessions.open("flood", Role.COMMITTEE);
        }
        assertThat(sessions.find(first.id())).isInstanceOf(Sessions.Lookup.Unknown.class);
    }
}
