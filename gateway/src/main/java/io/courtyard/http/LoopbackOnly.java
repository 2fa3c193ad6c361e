package io.courtyard.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Until logins and roles exist, the operator API that reads or changes faults, usage and bills
 * answers only requests from this machine: any other address gets 403, whatever the listener binds.
 */
public final class LoopbackOnly {
    private LoopbackOnly() {}

    public static Route wrap(Route route) {
        return r -> r.remote() != null
                        && r.remote().getAddress() != null
                        && r.remote().getAddress().isLoopbackAddress()
                ? route.handle(r)
                : Responses.text(HttpResponseStatus.FORBIDDEN, "the operator API answers on loopback only\n");
    }
}
