package io.courtyard.device.lpr.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.access.Reason;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.testsupport.FuzzBudget;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One camera push from fuzz input, and the contract every push format keeps: {@code decode} returns a
 * message or throws {@link MalformedPush} naming what is wrong, never anything else; a decoded plate
 * read is within its documented ranges, and every answer the listener may send for it can be built.
 *
 * <p>Input: the Content-Type header up to the first newline (at most 200 bytes in), then the body.
 */
final class PushFuzzing {
    /** A camera with every answer option on, so that building an answer exercises all of them. */
    private static final CameraConfig CAMERA = new CameraConfig(
            CameraConfig.Vendor.VZENITH,
            List.of(),
            Optional.empty(),
            Duration.ofSeconds(1),
            Duration.ofMinutes(2),
            true,
            CameraConfig.Display.BOTH,
            Optional.empty(),
            Optional.empty());

    private PushFuzzing() {}

    /** The request, or null when its Content-Type is one that never gets past the HTTP decoder. */
    static FullHttpRequest request(byte[] data) {
        int nl = -1;
        for (int i = 0; i < Math.min(data.length, 200); i++) {
            if (data[i] == '\n') {
                nl = i;
                break;
            }
        }
        String type = nl < 0 ? "" : new String(data, 0, nl, StandardCharsets.ISO_8859_1);
        byte[] body = Arrays.copyOfRange(data, nl + 1, data.length);
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/lpr/fuzz", Unpooled.wrappedBuffer(body));
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!type.isEmpty()) {
            try {
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            } catch (IllegalArgumentException e) {
                // A value Netty's header validation refuses: the listener's HTTP decoder refuses the
                // request before any push format sees it.
                r.release();
                return null;
            }
        }
        return r;
    }

    static void decodeHoldsTheContract(PushFormat format, byte[] data, FuzzBudget budget) throws Exception {
        FullHttpRequest probe = request(data);
        if (probe == null) {
            return;
        }
        probe.release();
        CameraMessage m;
        try {
            m = budget.call(data.length, () -> {
                FullHttpRequest r = request(data);
                try {
                    return format.decode(r, true);
                } finally {
                    r.release();
                }
            });
        } catch (MalformedPush e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(m).isNotNull();
        if (m instanceof CameraMessage.Plate p) {
            PlateRead read = p.read();
            assertThat(read.vendor()).isEqualTo(format.vendor());
            assertThat(read.confidence()).isBetween(0, 100);
            assertThat(read.pushId()).isNotEmpty().hasSizeLessThanOrEqualTo(64);
            assertThat(read.plate()).satisfiesAnyOf(plate -> assertThat(plate).isNull(), plate -> assertThat(plate)
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(1024));
            for (Answer a : List.of(
                    Answer.open(Reason.GRANTED),
                    Answer.shut(Reason.UNKNOWN_CREDENTIAL, read.replay()),
                    Answer.notRecorded(read.replay()))) {
                release(format.answer(read, a, CAMERA, Direction.ENTRY));
                release(format.answer(read, a, CAMERA, Direction.EXIT));
            }
        }
        release(format.acknowledge(m));
    }

    private static void release(FullHttpResponse r) {
        assertThat(r).isNotNull();
        assertThat(r.status().code()).isBetween(200, 599);
        r.release();
    }
}
