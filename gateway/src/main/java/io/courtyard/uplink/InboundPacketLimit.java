package io.courtyard.uplink;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads an upstream connection's MQTT stream ahead of Paho and keeps every packet above the
 * connection's Maximum Packet Size away from it. Paho 1.2.5 allocates an incoming packet's whole
 * length before it compares that length with its own limit ({@code MqttInputStream
 * .readMqttWireMessage}: {@code new byte[remLen]}, then the check), and copies the payload once
 * more while decoding: a broker that ignores our CONNECT's Maximum Packet Size could make it
 * allocate up to 2 × 256 MB, which a 256 MB heap does not survive.
 *
 * <p>An oversized PUBLISH goes on to Paho with its topic, packet id and properties but a marker
 * payload that names its original size ({@link #oversize(byte[])}): Paho acknowledges it as usual,
 * so the broker does not send it again after a reconnect, and the subscriber refuses and reports
 * it. Its real payload is read and discarded in small steps. Any other oversized packet ends the
 * connection. Every read is resumable after a {@link java.net.SocketTimeoutException}, which Paho
 * uses to poll its stop flag.
 */
final class InboundPacketLimit extends InputStream {
    /** Topic, packet id and properties of a PUBLISH we rewrite; a legitimate one is far smaller. */
    static final int MAX_VARIABLE_HEADER = 128 << 10;

    private static final byte[] MAGIC = {0, 'c', 'o', 'u', 'r', 't', 'y', 'a', 'r', 'd', '-', 'o', 'v', 'e', 'r', 0};
    private static final int MARKER_BYTES = MAGIC.length + Long.BYTES;
    private static final int PUBLISH = 3;

    private final InputStream in;
    private final long limit;
    private final byte[] scratch = new byte[8192];
    /** The fixed header being read: type byte and up to four bytes of remaining length. */
    private final byte[] header = new byte[5];

    private int headerLength;
    /** An oversized PUBLISH's variable header, read so far. */
    private byte[] variable;

    private int variableLength;
    /** Bytes handed to Paho before anything else: a fixed header, or a whole rewritten packet. */
    private byte[] out;

    private int outPosition;
    /** Bytes of the current packet still to pass through unchanged. */
    private long passing;
    /** Bytes of an oversized payload still to discard. */
    private long skipping;

    InboundPacketLimit(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The original payload size when {@code payload} is the marker of a dropped PUBLISH, else -1. */
    static long oversize(byte[] payload) {
        if (payload.length != MARKER_BYTES || !Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return -1;
        }
        return ByteBuffer.wrap(payload, MAGIC.length, Long.BYTES).getLong();
    }

    static byte[] marker(long size) {
        return ByteBuffer.allocate(MARKER_BYTES).put(MAGIC).putLong(size).array();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (out != null) {
                int n = Math.min(len, out.length - outPosition);
                System.arraycopy(out, outPosition, b, off, n);
                outPosition += n;
                if (outPosition == out.length) {
                    out = null;
                }
                return n;
            }
            if (skipping > 0) {
                discard();
                continue;
            }
            if (passing > 0) {
                int n = in.read(b, off, (int) Math.min(len, passing));
                if (n < 0) {
                    throw new EOFException("connection closed inside a packet");
                }
                passing -= n;
                return n;
            }
            if (!nextPacket()) {
                return -1;
            }
        }
    }

    @Override
    public int available() throws IOException {
        if (out != null) {
            return out.length - outPosition;
        }
        return passing > 0 ? (int) Math.min(in.available(), passing) : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next fixed header and decides what Paho sees of the packet; false at a clean end of stream. */
    private boolean nextPacket() throws IOException {
        // A rewrite interrupted by a timeout resumes with its fixed header already read.
        while (variable == null && !headerComplete()) {
            if (headerLength == header.length) {
                throw new IOException("malformed MQTT remaining length");
            }
            int c = in.read();
            if (c < 0) {
                if (headerLength == 0) {
                    return false;
                }
                throw new EOFException("connection closed inside a fixed header");
            }
            header[headerLength++] = (byte) c;
        }
        long remaining = remainingLength();
        long total = headerLength + remaining;
        if (total <= limit) {
            out = Arrays.copyOf(header, headerLength);
            outPosition = 0;
            passing = remaining;
            headerLength = 0;
            return true;
        }
        int type = (header[0] >> 4) & 0x0F;
        if (type != PUBLISH) {
            throw new IOException("incoming MQTT packet of type " + type + " and " + total
                    + " bytes exceeds this connection's maximum packet size of " + limit);
        }
        rewrite(remaining);
        return true;
    }

    private boolean headerComplete() {
        return headerLength >= 2 && (header[headerLength - 1] & 0x80) == 0;
    }

    private long remainingLength() {
        long value = 0;
        for (int i = 1; i < headerLength; i++) {
            value |= (long) (header[i] & 0x7F) << (7 * (i - 1));
        }
        return value;
    }

    /**
     * Reads the PUBLISH's topic, packet id and properties, hands Paho that packet with the marker
     * as its payload, and leaves the real payload to be discarded.
     */
    private void rewrite(long remaining) throws IOException {
        int qos = (header[0] >> 1) & 0x03;
        if (variable == null) {
            variable = new byte[16];
            variableLength = 0;
        }
        fill(2, remaining);
        int topicLength = ((variable[0] & 0xFF) << 8) | (variable[1] & 0xFF);
        int propertiesAt = 2 + topicLength + (qos > 0 ? 2 : 0);
        fill(propertiesAt + 1, remaining);
        int propertiesLength = 0;
        int at = propertiesAt;
        for (int shift = 0; ; shift += 7, at++) {
            if (shift > 21) {
                throw new IOException("malformed MQTT property length");
            }
            fill(at + 1, remaining);
            propertiesLength |= (variable[at] & 0x7F) << shift;
            if ((variable[at] & 0x80) == 0) {
                break;
            }
        }
        int variableTotal = at + 1 + propertiesLength;
        fill(variableTotal, remaining);
        long payload = remaining - variableTotal;
        byte[] marker = marker(payload);
        byte[] length = remainingLengthBytes(variableTotal + marker.length);
        byte[] packet = new byte[1 + length.length + variableTotal + marker.length];
        packet[0] = header[0];
        System.arraycopy(length, 0, packet, 1, length.length);
        System.arraycopy(variable, 0, packet, 1 + length.length, variableTotal);
        System.arraycopy(marker, 0, packet, 1 + length.length + variableTotal, marker.length);
        out = packet;
        outPosition = 0;
        skipping = payload;
        variable = null;
        headerLength = 0;
    }

    /** Reads the variable header up to {@code n} bytes; what was read stays across a timeout. */
    private void fill(int n, long remaining) throws IOException {
        if (n > remaining || n > MAX_VARIABLE_HEADER) {
            throw new IOException("oversized MQTT PUBLISH with a malformed or oversized variable header (" + n
                    + " bytes needed, " + remaining + " remaining)");
        }
        if (variable.length < n) {
            variable = Arrays.copyOf(variable, Math.max(n, variable.length * 2));
        }
        while (variableLength < n) {
            int r = in.read(variable, variableLength, n - variableLength);
            if (r < 0) {
                throw new EOFException("connection closed inside a PUBLISH header");
            }
            variableLength += r;
        }
    }

    private void discard() throws IOException {
        while (skipping > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, skipping));
            if (r < 0) {
                throw new EOFException("connection closed inside an oversized PUBLISH");
            }
            skipping -= r;
        }
    }

    private static byte[] remainingLengthBytes(int value) {
        byte[] b = new byte[4];
        int n = 0;
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            b[n++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return Arrays.copyOf(b, n);
    }
}
