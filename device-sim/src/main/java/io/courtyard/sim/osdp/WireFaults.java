package io.courtyard.sim.osdp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Byte-level faults on a serial server's replies, the kind a noisy RS-485 line or a confused PD
 * produces: a corrupt check value, a frame cut short, a header with an impossible length, garbage
 * between frames. Each is armed for the next reply (or the next {@code n}) and then disarms.
 * Thread-safe: scenarios arm, the server's event loop applies.
 */
public final class WireFaults {
    /** A header claiming 0x7FFF bytes, far above any CP's cap: the decoder must drop it and resync. */
    static final byte[] OVERSIZE_HEADER = {0x53, (byte) 0x81, (byte) 0xFF, 0x7F, 0x04, 0x40};

    private final AtomicInteger corrupt = new AtomicInteger();
    private final AtomicInteger truncate = new AtomicInteger();
    private final AtomicInteger oversize = new AtomicInteger();
    private final AtomicReference<byte[]> garbage = new AtomicReference<>();

    /** The next {@code n} replies go out with their last check byte flipped. */
    public void corruptNextReplies(int n) {
        corrupt.set(n);
    }

    /** The next reply stops halfway, as when the PD resets mid-frame. */
    public void truncateNextReply() {
        truncate.set(1);
    }

    /** The next reply is preceded by a header whose length field is far too large. */
    public void oversizeHeaderBeforeNextReply() {
        oversize.set(1);
    }

    /** The next reply is preceded by these bytes (line noise, another protocol). */
    public void garbageBeforeNextReply(byte[] bytes) {
        garbage.set(bytes.clone());
    }

    /** What actually goes on the wire for one encoded frame; takes ownership of {@code frame}. */
    List<ByteBuf> apply(ByteBuf frame, ByteBufAllocator alloc) {
        List<ByteBuf> out = new ArrayList<>(3);
        byte[] noise = garbage.getAndSet(null);
        if (noise != null) {
            out.add(alloc.buffer(noise.length).writeBytes(noise));
        }
        if (take(oversize)) {
            out.add(alloc.buffer(OVERSIZE_HEADER.length).writeBytes(OVERSIZE_HEADER));
        }
        if (take(corrupt)) {
            int last = frame.writerIndex() - 1;
            frame.setByte(last, frame.getByte(last) ^ 0x5A);
        }
        if (take(truncate)) {
            frame.writerIndex(frame.readerIndex() + frame.readableBytes() / 2);
        }
        out.add(frame);
        return out;
    }

    private static boolean take(AtomicInteger armed) {
        return armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
