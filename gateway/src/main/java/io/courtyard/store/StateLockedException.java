package io.courtyard.store;

import java.io.IOException;

/** Another gateway (another process, or another {@link Database} in this JVM) holds the state directory. */
public final class StateLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    public StateLockedException(String message) {
        super(message);
    }
}
