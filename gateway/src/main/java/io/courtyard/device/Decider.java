package io.courtyard.device;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessService;
import io.courtyard.access.Decision;

/**
 * Decides a request from memory without blocking: {@link AccessService#decide} in the gateway, which
 * also counts, times and journals every decision (the drivers never journal decisions themselves).
 */
@FunctionalInterface
public interface Decider {
    Decision decide(AccessRequest request);
}
