package io.courtyard.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-10-01T08:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), clock);

    @Test
    void aUserWithTooManyFailuresWaitsWhicheverAddressTriesNext() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.wait("li.wei", "10.0.0." + i)).isZero();
            throttle.failed("li.wei", "10.0.0." + i);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.wait("li.wei", "10.0.0.99")).isEqualTo(Duration.ofSeconds(270));
        assertThat(throttle.wait("wang.fang", "10.0.0.99")).isZero();
        clock.advance(Duration.ofSeconds(270));
        assertThat(throttle.wait("li.wei", "10.0.0.99")).isZero();
    }

    @Test
    void anAddressSprayingNamesWaitsForAnyName() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.wait("admin", "192.0.2.7")).isPositive();
        assertThat(throttle.wait("admin", "192.0.2.8")).isZero();
    }

    @Test
    void aGoodPasswordClearsTheUserButNotTheAddress() {
        throttle.failed("li.wei", "192.0.2.7");
        throttle.failed("li.wei", "192.0.2.7");
        throttle.succeeded("li.wei");
        throttle.failed("li.wei", "192.0.2.8");
        assertThat(throttle.wait("li.wei", "192.0.2.9")).isZero();
        throttle.failed("x", "192.0.2.7");
        assertThat(throttle.wait("y", "192.0.2.7")).isPositive();
    }

    @Test
    void badTokensCountAgainstTheirAddressOnlySoNobodyLocksEveryScriptOut() {
        for (int i = 0; i < 3; i++) {
            throttle.failedAddress("192.0.2.7");
        }
        assertThat(throttle.waitAddress("192.0.2.7")).isPositive();
        assertThat(throttle.waitAddress("192.0.2.8")).isZero();
        assertThat(throttle.wait("li.wei", "192.0.2.8")).isZero();
    }
}
