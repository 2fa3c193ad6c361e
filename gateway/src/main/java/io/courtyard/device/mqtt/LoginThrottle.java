package io.courtyard.device.mqtt;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per source address: each address may fail {@code perMinute} times, refilled
 * continuously over a minute; while it has none left its CONNECTs are refused without looking at
 * the password, so guessing gets no answer. An address whose allowance has refilled is forgotten,
 * so a scan from many addresses leaves nothing behind for long.
 */
final class LoginThrottle {
    /** Beyond this many tracked addresses, refilled ones are swept before adding another. */
    private static final int SWEEP_ABOVE = 4096;

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<InetAddress, Allowance> failures = new ConcurrentHashMap<>();

    LoginThrottle(int perMinute, LongSupplier nanos) {
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.nanos = nanos;
    }

    /** Whether {@code address} has used up its failed logins for now. */
    boolean blocked(InetAddress address) {
        Allowance b = failures.get(address);
        if (b == null) {
            return false;
        }
        synchronized (b) {
            return refill(b, nanos.getAsLong()) < 1;
        }
    }

    /** A failed login from {@code address}. */
    void failed(InetAddress address) {
        if (failures.size() > SWEEP_ABOVE) {
            long now = nanos.getAsLong();
            failures.values().removeIf(b -> {
                synchronized (b) {
                    return refill(b, now) >= capacity;
                }
            });
        }
        Allowance b = failures.computeIfAbsent(address, a -> new Allowance(capacity, nanos.getAsLong()));
        synchronized (b) {
            refill(b, nanos.getAsLong());
            b.left = Math.max(0, b.left - 1);
        }
    }

    private double refill(Allowance b, long now) {
        b.left = Math.min(capacity, b.left + (now - b.at) * perNano);
        b.at = now;
        return b.left;
    }

    /** Failed logins one address may still make, as of {@code at}; guarded by itself. */
    private static final class Allowance {
        double left;
        long at;

        Allowance(double left, long at) {
            this.left = left;
            this.at = at;
        }
    }
}
