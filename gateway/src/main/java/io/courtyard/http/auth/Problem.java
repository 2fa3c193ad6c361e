package io.courtyard.http.auth;

import io.courtyard.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;

/** The refusals of the login layer, as JSON the pages show: {@code {"error": "..."}}. */
final class Problem {
    private Problem() {}

    static FullHttpResponse of(HttpResponseStatus status, String why) {
        FullHttpResponse res = Responses.json(Map.of("error", why));
        res.setStatus(status);
        return res;
    }

    static FullHttpResponse throttled(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        FullHttpResponse res =
                of(HttpResponseStatus.TOO_MANY_REQUESTS, "too many failed logins; try again in " + seconds + " s");
        res.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
        return res;
    }
}
