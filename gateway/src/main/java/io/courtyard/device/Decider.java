package io.courtyard.device;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessService;
import io.courtyard.access.Decision;
import java.util.concurrent.CompletableFuture;

/**
 * Decides a request without blocking: {@link AccessService#decideDurably} in the gateway, which also
 * counts, times and journals every decision (the drivers never journal decisions themselves). The
 * future completes at once from memory, except for an entry of a limited visitor pass, which
 * completes once it is durable; it never completes exceptionally.
 */
@FunctionalInterface
public interface Decider {
    CompletableFuture<Decision> decide(AccessRequest request);
}
