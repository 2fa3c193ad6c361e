package io.courtyard.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Answers one operator API path. Runs on the operator listener's blocking executor, never on an
 * event loop, so it may read SQLite; it should still answer within the request timeout.
 */
@FunctionalInterface
public interface Route {
    FullHttpResponse handle(OperatorRequest request) throws Exception;
}
