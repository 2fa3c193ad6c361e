package io.courtyard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT 5 "broker" on a real loopback socket that follows a script per connection instead of
 * the protocol's rules: it can drop a connection right after SUBACK, or send a PUBLISH larger
 * than the client's Maximum Packet Size, as a misbehaving broker would. Only what Paho's client
 * sends is parsed (CONNECT, SUBSCRIBE, PUBACK, PINGREQ, DISCONNECT).
 */
public final class ScriptedBroker implements AutoCloseable {
    public static final int CONNECT = 1;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int SUBSCRIBE = 8;
    public static final int PINGREQ = 12;
    public static final int DISCONNECT = 14;

    /** What one connection does after its CONNECT was read. */
    public interface Script {
        void run(Session s) throws IOException;
    }

    /** One packet as read: its type, flags and the bytes after the fixed header. */
    public record Packet(int type, int flags, byte[] body) {
        /** A PUBACK's or SUBSCRIBE's packet identifier. */
        public int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }
    }

    private final ServerSocket server;
    private final List<Script> scripts;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Long> announcedMaxPacket = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedBroker(List<Script> scripts) throws IOException {
        this.scripts = scripts;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "scripted-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The n-th connection runs the n-th script; later ones run the last. */
    public static ScriptedBroker start(Script... perConnection) throws IOException {
        return new ScriptedBroker(List.of(perConnection));
    }

    public String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** The Maximum Packet Size each connection's CONNECT announced (0 when absent). */
    public List<Long> announcedMaxPacket() {
        return announcedMaxPacket;
    }

    /** Exceptions a script threw other than the client going away. */
    public List<Throwable> failures() {
        return failures;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int n = connections.getAndIncrement();
                Script script = scripts.get(Math.min(n, scripts.size() - 1));
                Thread t = new Thread(() -> serve(s, script), "scripted-broker-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            Session session = new Session(socket);
            Packet connect = session.read();
            if (connect.type() != CONNECT) {
                throw new IOException("expected CONNECT, got type " + connect.type());
            }
            announcedMaxPacket.add(maxPacketSize(connect.body()));
            script.run(session);
        } catch (EOFException | java.net.SocketException gone) {
            // the client closed the connection: a script's normal end
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }

    /** Property 0x27 of a CONNECT's variable header, or 0. */
    private static long maxPacketSize(byte[] b) {
        int at = 2 + 4 + 1 + 1 + 2; // protocol name "MQTT", version, flags, keep-alive
        int[] len = varint(b, at);
        int end = len[1] + len[0];
        for (int p = len[1]; p < end; ) {
            int id = b[p++] & 0xFF;
            switch (id) {
                case 0x11, 0x27 -> {
                    long v = ((b[p] & 0xFFL) << 24)
                            | ((b[p + 1] & 0xFF) << 16)
                            | ((b[p + 2] & 0xFF) << 8)
                            | (b[p + 3] & 0xFF);
                    if (id == 0x27) {
                        return v;
                    }
                    p += 4;
                }
                case 0x21, 0x22 -> p += 2;
                case 0x17, 0x19 -> p += 1;
                case 0x26 -> {
                    p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                    p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                }
                case 0x15, 0x16 -> p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                default -> throw new IllegalStateException("unexpected CONNECT property " + id);
            }
        }
        return 0;
    }

    /** A variable byte integer at {@code at}: {value, offset after it}. */
    private static int[] varint(byte[] b, int at) {
        int value = 0;
        int shift = 0;
        int p = at;
        while (true) {
            int c = b[p++] & 0xFF;
            value |= (c & 0x7F) << shift;
            if ((c & 0x80) == 0) {
                return new int[] {value, p};
            }
            shift += 7;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One client connection. */
    public static final class Session {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        public Packet read() throws IOException {
            int first = in.readUnsignedByte();
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int c = in.readUnsignedByte();
                length |= (c & 0x7F) << shift;
                if ((c & 0x80) == 0) {
                    break;
                }
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return new Packet(first >> 4, first & 0x0F, body);
        }

        /** Reads until a packet of {@code type} arrives, answering PINGREQs on the way. */
        public Packet await(int type) throws IOException {
            while (true) {
                Packet p = read();
                if (p.type() == type) {
                    return p;
                }
                if (p.type() == PINGREQ) {
                    write(new byte[] {(byte) 0xD0, 0});
                }
            }
        }

        public void connack() throws IOException {
            write(new byte[] {0x20, 3, 0, 0, 0});
        }

        /** Reads a SUBSCRIBE and answers it: QoS 1 granted for each filter. */
        public void subscribe() throws IOException {
            write(suback(await(SUBSCRIBE)));
        }

        /** The SUBACK for {@code subscribe}, for scripts that send it together with something else. */
        public static byte[] suback(Packet subscribe) {
            byte[] b = subscribe.body();
            int[] props = varint(b, 2);
            int filters = 0;
            for (int p = props[1] + props[0]; p < b.length; filters++) {
                p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF)) + 1;
            }
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(0x90);
            o.write(3 + filters);
            o.write(b[0]);
            o.write(b[1]);
            o.write(0);
            for (int i = 0; i < filters; i++) {
                o.write(1);
            }
            return o.toByteArray();
        }

        /** A QoS 1 PUBLISH with {@code payload}. */
        public void publish(String topic, int packetId, byte[] payload) throws IOException {
            out.write(publishHeader(topic, packetId, payload.length));
            out.write(payload);
            out.flush();
        }

        /** A QoS 1 PUBLISH of {@code size} zero bytes, written in pieces: the script never holds it. */
        public void publishZeros(String topic, int packetId, long size) throws IOException {
            out.write(publishHeader(topic, packetId, size));
            byte[] chunk = new byte[64 << 10];
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.flush();
        }

        private static byte[] publishHeader(String topic, int packetId, long payload) {
            byte[] t = topic.getBytes(StandardCharsets.UTF_8);
            long remaining = 2 + t.length + 2 + 1 + payload;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(0x32);
            do {
                int digit = (int) (remaining & 0x7F);
                remaining >>>= 7;
                o.write(remaining > 0 ? digit | 0x80 : digit);
            } while (remaining > 0);
            o.write(t.length >> 8);
            o.write(t.length & 0xFF);
            o.write(t, 0, t.length);
            o.write(packetId >> 8);
            o.write(packetId & 0xFF);
            o.write(0);
            return o.toByteArray();
        }

        /** A DISCONNECT with reason 0x8B (server shutting down). */
        public static byte[] disconnectPacket() {
            return new byte[] {(byte) 0xE0, 1, (byte) 0x8B};
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Waits for the client to go away (or the test to end). */
        public void idle() throws IOException {
            while (true) {
                await(-1);
            }
        }

        public void close() throws IOException {
            socket.close();
        }
    }
}
