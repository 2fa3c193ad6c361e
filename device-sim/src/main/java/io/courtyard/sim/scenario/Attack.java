package io.courtyard.sim.scenario;

final class Attack implements Scenario {
    @Override
    public void run(Site site, Checks checks, boolean shortRun) {
        throw new UnsupportedOperationException("TODO");
    }
}
