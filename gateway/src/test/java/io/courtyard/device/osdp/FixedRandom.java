package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Hands out the given byte strings in order, so that a handshake reproduces published vectors. */
final class FixedRandom extends SecureRandom {
    private final Deque<Bytes> values;

    FixedRandom(Bytes... values) {
        this.values = new ArrayDeque<>(List.of(values));
    }

    @Override
    public void nextBytes(byte[] bytes) {
        Bytes next = values.removeFirst();
        if (next.length() != bytes.length) {
            throw new IllegalStateException("asked for " + bytes.length + " bytes, next value has " + next.length());
        }
        next.copyTo(0, bytes, 0, bytes.length);
    }
}
