package io.courtyard.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/** Answers one operator API path; runs on the event loop, so it must not block. */
@FunctionalInterface
public interface Route {
    FullHttpResponse handle(FullHttpRequest request);
}
