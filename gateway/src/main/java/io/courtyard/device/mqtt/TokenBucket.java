package io.courtyard.device.mqtt;

/**
 * A per-connection message rate: {@code burst} messages at once, then {@code perSecond}. A message
 * beyond it is not refused (it is already read) but puts the bucket in debt, and the connection is
 * not read again until the debt is paid: a flooding device slows itself down, nobody else.
 * Confined to its connection's event loop.
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

    /** Takes one message; returns 0 when within the rate, else how long to stop reading, in nanoseconds. */
    long take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
