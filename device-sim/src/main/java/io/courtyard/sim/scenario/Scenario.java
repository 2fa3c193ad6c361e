package io.courtyard.sim.scenario;

/** A named scenario: drives the emulated compound against a real gateway process and checks what must happen. */
public interface Scenario {
    /** Adjusts the run's configuration before the gateway starts (a short rescue target, a small car park). */
    default void tune(SiteConfig.Overrides overrides) {}

    /** Plays the scenario on a running site; every finding goes to {@code checks}. */
    void run(Site site, Checks checks, boolean shortRun) throws Exception;
}
