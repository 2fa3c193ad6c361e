package io.courtyard.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Base for codec and handler tests on {@link EmbeddedChannel}. Each channel ends with a handler that
 * records exceptions, as a pipeline's last exception handler would, so a test can assert both that
 * an error was reported and that the channel carried on.
 */
public abstract class EmbeddedChannelTest {
    public static final String ERROR_RECORDER = "error-recorder";

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    /** Every exception that reached the end of any channel's pipeline, in order. */
    protected final List<Throwable> errors = new ArrayList<>();

    protected EmbeddedChannel channel(Consumer<ChannelPipeline> init) {
        EmbeddedChannel ch = new EmbeddedChannel();
        init.accept(ch.pipeline());
        ch.pipeline().addLast(ERROR_RECORDER, new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        channels.add(ch);
        return ch;
    }

    /** A channel the test built itself (e.g. registered late, with a frozen clock), released after the test. */
    protected EmbeddedChannel track(EmbeddedChannel ch) {
        channels.add(ch);
        return ch;
    }

    /** {@code "53 00 09"} → bytes; spaces and colons are ignored. */
    protected static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT));
    }

    protected static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    protected static void writeBytes(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.checkException();
    }

    /** Everything the channel wrote, concatenated. */
    protected static byte[] outboundBytes(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            b.release();
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** Every message the pipeline passed inbound past its last handler, in order. */
    protected static <T> List<T> inbound(EmbeddedChannel ch, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            out.add(type.cast(o));
        }
        return out;
    }

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }
}
