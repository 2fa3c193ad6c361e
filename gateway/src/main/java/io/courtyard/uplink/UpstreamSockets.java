package io.courtyard.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of every upstream MQTT connection. TLS is set up here rather than by Paho, so that
 * the decrypted stream can pass through {@link InboundPacketLimit} before Paho reads it; Paho is
 * handed a {@code tcp://} URI and this factory. The TLS rules are those Paho would apply with
 * hostname verification on: the broker's certificate must name the configured host.
 */
final class UpstreamSockets extends SocketFactory {
    private final SSLSocketFactory tls;
    private final String host;
    private final int port;
    private final long maxIncomingPacket;
    private final int handshakeMillis;

    /** @param tls null for plain TCP */
    UpstreamSockets(SSLSocketFactory tls, String host, int port, long maxIncomingPacket, int handshakeMillis) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.maxIncomingPacket = maxIncomingPacket;
        this.handshakeMillis = handshakeMillis;
    }

    @Override
    public Socket createSocket() {
        return new LimitedSocket();
    }

    @Override
    public Socket createSocket(String h, int p) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(h, p), handshakeMillis);
        return s;
    }

    @Override
    public Socket createSocket(String h, int p, InetAddress localHost, int localPort) throws IOException {
        return createSocket(h, p);
    }

    @Override
    public Socket createSocket(InetAddress h, int p) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(h, p), handshakeMillis);
        return s;
    }

    @Override
    public Socket createSocket(InetAddress h, int p, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(h, p);
    }

    /**
     * A TCP socket, with TLS layered on it once connected, whose input is limited. Only what Paho's
     * TCP module calls matters (connect, streams, timeouts, shutdown, close); the rest delegates too.
     */
    private final class LimitedSocket extends Socket {
        private final Socket tcp = new Socket();
        private volatile Socket active = tcp;
        private InputStream in;

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            tcp.connect(endpoint, timeout);
            if (tls == null) {
                return;
            }
            try {
                SSLSocket s = (SSLSocket) tls.createSocket(tcp, host, port, true);
                SSLParameters p = s.getSSLParameters();
                // What Paho's httpsHostnameVerificationEnabled does: the certificate must name the host.
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.setSoTimeout(handshakeMillis);
                s.startHandshake();
                active = s;
            } catch (IOException | RuntimeException e) {
                tcp.close();
                throw e;
            }
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new InboundPacketLimit(active.getInputStream(), maxIncomingPacket);
            }
            return in;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return active.getOutputStream();
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                active.close();
            } finally {
                tcp.close();
            }
        }

        @Override
        public void shutdownInput() throws IOException {
            active.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            active.shutdownOutput();
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            active.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws SocketException {
            return active.getSoTimeout();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            tcp.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return tcp.getTcpNoDelay();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            tcp.setKeepAlive(on);
        }

        @Override
        public boolean getKeepAlive() throws SocketException {
            return tcp.getKeepAlive();
        }

        @Override
        public boolean isConnected() {
            return active.isConnected();
        }

        @Override
        public boolean isBound() {
            return tcp.isBound();
        }

        @Override
        public boolean isClosed() {
            return active.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return active.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return active.isOutputShutdown();
        }

        @Override
        public InetAddress getInetAddress() {
            return tcp.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return tcp.getLocalAddress();
        }

        @Override
        public int getPort() {
            return tcp.getPort();
        }

        @Override
        public int getLocalPort() {
            return tcp.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return tcp.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return tcp.getLocalSocketAddress();
        }

        @Override
        public String toString() {
            return (tls == null ? "tcp " : "tls ") + tcp;
        }
    }
}
