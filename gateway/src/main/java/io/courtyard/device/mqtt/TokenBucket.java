package io.courtyard.device.mqtt;

/**
 * A per-connection message rate: {@code burst} messages at once, then {@code perSecond}. A message
 * beyond it waits (its connection is not read meanwhile) until a token is there: a flooding device
 * slows itself down, nobody else. Confined to its connection's event loop.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token: 0 when one was there, else how many nanoseconds until one will be (none taken). */
    long take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }
}
