package io.courtyard.runtime;

/** A component with a start and a stop step, owned and ordered by {@link Lifecycle}. */
public interface Service {
    String name();

    void start() throws Exception;

    /** Releases everything {@link #start()} acquired; must return within the lifecycle's time box. */
    void stop() throws Exception;
}
