package io.courtyard.uplink;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.runtime.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory for the upstream broker: trust only the configured CA, present
 * the optional client certificate, speak TLS 1.3 or 1.2. Hostname verification is Paho's
 * ({@code httpsHostnameVerificationEnabled}, on by default), which the sink leaves on.
 */
public final class UplinkTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private UplinkTls() {}

    public static SSLSocketFactory socketFactory(UpstreamConfig.Tls tls) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : Pem.certificates(tls.caFile())) {
            trust.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        KeyManager[] keyManagers = null;
        if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
            keyManagers = keyManagers(tls.certFile().get(), tls.keyFile().get());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
        return new Pinned(ctx.getSocketFactory());
    }

    private static KeyManager[] keyManagers(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(certFile);
        PrivateKey key = Pem.privateKey(keyFile);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new GeneralSecurityException(keyFile + ": " + key.getAlgorithm() + " key does not match the "
                    + chain.get(0).getPublicKey().getAlgorithm() + " certificate in " + certFile);
        }
        // The key store lives only in memory; its password protects nothing and is never stored.
        char[] password = "in-memory".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf.getKeyManagers();
    }

    /** Restricts every socket to {@link #PROTOCOLS}, whatever the JDK's defaults are. */
    private static final class Pinned extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Pinned(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket pin(Socket s) {
            if (s instanceof SSLSocket ssl) {
                ssl.setEnabledProtocols(PROTOCOLS);
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return pin(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return pin(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return pin(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return pin(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return pin(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return pin(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
