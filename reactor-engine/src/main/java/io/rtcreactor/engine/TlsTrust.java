package io.rtcreactor.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates a {@code wss://} signal server (and its {@code https://} validate and region endpoints) may
 * present. Verification is always on: the chain must lead to a trusted certificate and name the host the URL names;
 * there is no way to switch either check off. Immutable.
 *
 * <ul>
 *   <li>{@link #system()} (the default): the JVM's trust store, as for any HTTPS client; right for LiveKit Cloud and
 *       servers with a public certificate.</li>
 *   <li>{@link #certificates(Collection)} / {@link #pem(Path)}: only these certificates (a private CA, or a
 *       self-signed server's own certificate).</li>
 *   <li>{@link #of(TrustManagerFactory, String)}: trust decided by a factory the application configured.</li>
 * </ul>
 */
public final class TlsTrust {

    private static final TlsTrust SYSTEM = new TlsTrust(null, "the JVM's default trust store");

    private final TrustManagerFactory factory;
    private final String description;

    private TlsTrust(TrustManagerFactory factory, String description) {
        this.factory = factory;
        this.description = description;
    }

    /** The JVM's default trust store ({@code javax.net.ssl.trustStore} or the JDK's {@code cacerts}). */
    public static TlsTrust system() {
        return SYSTEM;
    }

    /** Trusts exactly {@code certificates}: a server must present one of them or a chain that ends in one. */
    public static TlsTrust certificates(Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificates to trust");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + i++, Objects.requireNonNull(certificate, "certificate"));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return new TlsTrust(factory, certificates.size() + " given certificate(s)");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a trust store from the given certificates: " + e, e);
        }
    }

    /** {@link #certificates(Collection)} of these. */
    public static TlsTrust certificates(X509Certificate... certificates) {
        return certificates(List.of(certificates));
    }

    /**
     * Trusts the certificates in a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). Reads the file now, on
     * the calling thread; fails naming the file if it cannot be read or holds no certificate.
     */
    public static TlsTrust pem(Path file) {
        List<X509Certificate> read = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                read.add((X509Certificate) certificate);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
        if (read.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate (expected PEM BEGIN CERTIFICATE blocks)");
        }
        TlsTrust trust = certificates(read);
        return new TlsTrust(trust.factory, "the certificates in " + file);
    }

    /** Trust decided by {@code factory}, initialised by the application; {@code description} is for messages. */
    public static TlsTrust of(TrustManagerFactory factory, String description) {
        return new TlsTrust(Objects.requireNonNull(factory, "factory"), Objects.requireNonNull(description,
                "description"));
    }

    /** The factory to verify with; empty for {@link #system()}. */
    public Optional<TrustManagerFactory> trustManagerFactory() {
        return Optional.ofNullable(factory);
    }

    /** What is trusted, for messages: e.g. "the JVM's default trust store". */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "TlsTrust{" + description + "}";
    }
}
