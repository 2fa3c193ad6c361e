package io.courtyard.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operator request as a route sees it: the whole HTTP request (valid until the route returns),
 * who sent it, and its decoded path and query.
 */
public record OperatorRequest(
        FullHttpRequest http, InetSocketAddress remote, String path, Map<String, List<String>> query) {

    static OperatorRequest of(FullHttpRequest http, InetSocketAddress remote) {
        QueryStringDecoder uri = new QueryStringDecoder(http.uri());
        return new OperatorRequest(http, remote, uri.path(), uri.parameters());
    }

    public HttpMethod method() {
        return http.method();
    }

    /** The first value of a query parameter. */
    public Optional<String> param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
