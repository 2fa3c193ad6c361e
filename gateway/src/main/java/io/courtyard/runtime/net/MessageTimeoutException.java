package io.courtyard.runtime.net;

import java.util.concurrent.TimeUnit;

/** A message was not complete within the listener's message timeout of its first byte (slowloris). */
public final class MessageTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    public MessageTimeoutException(long timeoutNanos) {
        super("message not complete within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms of its first byte");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
