package io.courtyard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/**
 * The allocation a fuzz target may make for one input: a fixed allowance plus a multiple of the
 * input's length, measured on the calling thread. A decoder that sizes a buffer from a length field,
 * or copies its input quadratically, goes over it long before it runs out of heap.
 */
public final class FuzzBudget {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The decoding step under measure; it may throw its documented exception. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws Exception;
    }

    private final String target;
    private final long fixed;
    private final long perInputByte;

    /**
     * @param fixed bytes any input may cost (parsers, a reply, a log line)
     * @param perInputByte bytes each input byte may cost on top
     */
    public FuzzBudget(String target, long fixed, long perInputByte) {
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot measure allocation per thread");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        this.target = target;
        this.fixed = fixed;
        this.perInputByte = perInputByte;
    }

    /**
     * Runs a side-effect-free {@code step} and returns what it returned (or throws what it threw).
     * Over budget, it is run once more and that run is judged: the first call of a code path also
     * pays for loading classes and filling caches, which is not the input's doing.
     */
    public <T> T call(int inputLength, Step<T> step) throws Exception {
        Outcome<T> first = measure(step);
        if (first.allocated > allowed(inputLength)) {
            check(measure(step).allocated, inputLength);
        }
        if (first.thrown != null) {
            throw first.thrown;
        }
        return first.value;
    }

    private long allowed(int inputLength) {
        return fixed + perInputByte * inputLength;
    }

    private void check(long used, int inputLength) {
        assertThat(used)
                .as(
                        "%s allocated %d bytes for a %d-byte input; the budget is %d",
                        target, used, inputLength, allowed(inputLength))
                .isLessThanOrEqualTo(allowed(inputLength));
    }

    private static <T> Outcome<T> measure(Step<T> step) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T value = null;
        Exception thrown = null;
        try {
            value = step.run();
        } catch (Exception e) {
            thrown = e;
        }
        return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    private record Outcome<T>(T value, Exception thrown, long allocated) {}
}
