package io.courtyard.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What Paho reads through the limit: small packets untouched, oversized PUBLISHes cut to a marker. */
class InboundPacketLimitTest {
    private static final int LIMIT = 1024;

    @Test
    void packetsWithinTheLimitPassByteForByteHoweverTheyAreRead() throws IOException {
        byte[] stream = concat(publish(0x32, "a/b", 1, props(), new byte[1000]), pingresp(), puback(9));
        assertThat(readAll(new InboundPacketLimit(new ByteArrayInputStream(stream), LIMIT), 1))
                .isEqualTo(stream);
        assertThat(readAll(new InboundPacketLimit(new ByteArrayInputStream(stream), LIMIT), 4096))
                .isEqualTo(stream);
    }

    @Test
    void anOversizedPublishKeepsItsTopicIdAndPropertiesAndCarriesOnlyItsSize() throws IOException {
        byte[] userProperty = props(0x26, "k", "v");
        byte[] big = publish(0x32, "cy/site1/acl", 77, userProperty, new byte[5000]);
        byte[] stream = concat(big, pingresp());

        byte[] seen = readAll(new InboundPacketLimit(new ByteArrayInputStream(stream), LIMIT), 7);

        byte[] expected =
                concat(publish(0x32, "cy/site1/acl", 77, userProperty, InboundPacketLimit.marker(5000)), pingresp());
        assertThat(seen).isEqualTo(expected);
        assertEquals(5000, InboundPacketLimit.oversize(InboundPacketLimit.marker(5000)));
        assertEquals(-1, InboundPacketLimit.oversize("{}".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anOversizedQos0PublishHasNoPacketIdToKeep() throws IOException {
        byte[] stream = concat(publish(0x30, "t", -1, props(), new byte[2000]), puback(3));
        byte[] seen = readAll(new InboundPacketLimit(new ByteArrayInputStream(stream), LIMIT), 64);
        assertThat(seen).isEqualTo(concat(publish(0x30, "t", -1, props(), InboundPacketLimit.marker(2000)), puback(3)));
    }

    @Test
    void readTimeoutsAnywhereLoseNothing() throws IOException {
        byte[] stream = concat(
                publish(0x32, "a", 1, props(), new byte[100]),
                publish(0x32, "big", 2, props(), new byte[3000]),
                pingresp());
        byte[] plain = readAll(new InboundPacketLimit(new ByteArrayInputStream(stream), LIMIT), 16);
        byte[] interrupted = readAll(new InboundPacketLimit(new Stuttering(stream), LIMIT), 16);
        assertThat(interrupted).isEqualTo(plain);
    }

    @Test
    void anOversizedPacketOfAnotherTypeEndsTheConnection() {
        byte[] connack = concat(new byte[] {0x20}, varint(2000), new byte[2000]);
        IOException e = assertThrows(
                IOException.class, () -> readAll(new InboundPacketLimit(new ByteArrayInputStream(connack), LIMIT), 64));
        assertThat(e.getMessage()).contains("type 2").contains("maximum packet size of 1024");
    }

    @Test
    void aRemainingLengthBeyondFourBytesIsMalformed() {
        byte[] bad = {0x32, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThrows(IOException.class, () -> readAll(new InboundPacketLimit(new ByteArrayInputStream(bad), LIMIT), 1));
    }

    @Test
    void aStreamCutInsideAPacketIsAnEndOfFile() {
        byte[] whole = publish(0x32, "t", 1, props(), new byte[3000]);
        byte[] cut = Arrays.copyOf(whole, 2000);
        assertThrows(
                EOFException.class, () -> readAll(new InboundPacketLimit(new ByteArrayInputStream(cut), LIMIT), 64));
    }

    /** Throws a read timeout before every other read, as a socket with SO_TIMEOUT does when idle. */
    private static final class Stuttering extends InputStream {
        private final ByteArrayInputStream in;
        private boolean stall;

        Stuttering(byte[] b) {
            in = new ByteArrayInputStream(b);
        }

        @Override
        public int read() throws IOException {
            stall = !stall;
            if (stall) {
                throw new SocketTimeoutException("Read timed out");
            }
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            stall = !stall;
            if (stall) {
                throw new SocketTimeoutException("Read timed out");
            }
            return in.read(b, off, Math.min(len, 3));
        }
    }

    /** Reads to the end in steps of {@code step} bytes, retrying after timeouts as Paho does. */
    private static byte[] readAll(InputStream in, int step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[step];
        while (true) {
            int n;
            try {
                n = in.read(buf, 0, step);
            } catch (SocketTimeoutException again) {
                continue;
            }
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
        }
    }

    private static byte[] publish(int first, String topic, int packetId, byte[] properties, byte[] payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(t.length >> 8);
        v.write(t.length);
        v.writeBytes(t);
        if (packetId >= 0) {
            v.write(packetId >> 8);
            v.write(packetId);
        }
        v.writeBytes(varint(properties.length));
        v.writeBytes(properties);
        v.writeBytes(payload);
        return concat(new byte[] {(byte) first}, varint(v.size()), v.toByteArray());
    }

    private static byte[] props(Object... idThenStrings) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (idThenStrings.length > 0) {
            o.write((Integer) idThenStrings[0]);
            for (int i = 1; i < idThenStrings.length; i++) {
                byte[] s = ((String) idThenStrings[i]).getBytes(StandardCharsets.UTF_8);
                o.write(s.length >> 8);
                o.write(s.length);
                o.writeBytes(s);
            }
        }
        return o.toByteArray();
    }

    private static byte[] pingresp() {
        return new byte[] {(byte) 0xD0, 0};
    }

    private static byte[] puback(int id) {
        return new byte[] {0x40, 2, 0, (byte) id};
    }

    private static byte[] varint(int value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            o.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return o.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
