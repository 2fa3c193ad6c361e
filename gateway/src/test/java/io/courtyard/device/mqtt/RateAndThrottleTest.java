package io.courtyard.device.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateAndThrottleTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aConnectionMaySendItsBurstThenWaitsForItsRate() {
        TokenBucket b = new TokenBucket(10, 3, 0);
        assertThat(b.take(0)).isZero();
        assertThat(b.take(0)).isZero();
        assertThat(b.take(0)).isZero();
        long wait = b.take(0);
        assertThat(wait).isEqualTo(SECOND / 10);
        assertThat(b.take(wait)).as("a token has grown").isZero();
        assertThat(b.take(wait)).isPositive();
        assertThat(b.take(10 * SECOND)).as("refilled, never beyond the burst").isZero();
    }

    @Test
    void anAddressIsBlockedAfterItsFailuresAndFreedAsTheyAge() throws Exception {
        AtomicLong now = new AtomicLong(1_000 * SECOND);
        LoginThrottle t = new LoginThrottle(3, now::get);
        InetAddress a = InetAddress.getByName("10.0.0.7");
        InetAddress other = InetAddress.getByName("10.0.0.8");
        for (int i = 0; i < 3; i++) {
            assertThat(t.blocked(a)).isFalse();
            t.failed(a);
        }
        assertThat(t.blocked(a)).isTrue();
        assertThat(t.blocked(other)).as("per address").isFalse();
        now.addAndGet(20 * SECOND);
        assertThat(t.blocked(a))
                .as("one failure forgiven every 20 s at 3 per minute")
                .isFalse();
        t.failed(a);
        assertThat(t.blocked(a)).isTrue();
    }
}
