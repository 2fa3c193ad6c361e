package io.courtyard.access;

/** Where the service finds the last applied access list at startup: the ACL store in the gateway. */
@FunctionalInterface
public interface AccessListSource {
    AccessList load() throws Exception;
}
