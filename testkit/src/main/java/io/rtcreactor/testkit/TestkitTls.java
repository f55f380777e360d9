package io.rtcreactor.testkit;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The certificate and key the testkit serves {@code wss://} and {@code https://} with (LiveKit's server sits
 * behind a TLS terminator in production; clients meet TLS either way). Either a self-signed certificate made at
 * start for the names given, or a certificate chain and PKCS#8 key read from PEM files. Clients trust
 * {@link #certificate()} (or its {@link #certificatePem()}).
 */
public final class TestkitTls {

    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+|.*:.*");

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final String origin;

    private TestkitTls(List<X509Certificate> chain, PrivateKey key, String origin) {
        this.chain = List.copyOf(chain);
        this.key = key;
        this.origin = origin;
    }

    /** Self-signed for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid for a day. */
    public static TestkitTls selfSigned() {
        return selfSigned(List.of("localhost", "127.0.0.1", "::1"));
    }

    /**
     * Self-signed (ECDSA P-256) for exactly these host names and IP addresses, valid from an hour ago for a day.
     * A client that connects by any other name must refuse it: that is how host-name checks are tested.
     */
    public static TestkitTls selfSigned(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        try {
            Instant now = Instant.now();
            CertificateBuilder builder = new CertificateBuilder().subject("CN=" + names.get(0) + ", O=rtc-reactor testkit")
                    .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)))
                    .ecp256().setIsCertificateAuthority(true).addExtendedKeyUsageServerAuth();
            for (String name : names) {
                builder = NUMERIC.matcher(name).matches() ? builder.addSanIpAddress(name) : builder.addSanDnsName(name);
            }
            X509Bundle bundle = builder.buildSelfSigned();
            return new TestkitTls(List.of(bundle.getCertificate()), bundle.getKeyPair().getPrivate(),
                    "self-signed for " + names);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a self-signed certificate for " + names + ": " + e, e);
        }
    }

    /** The certificate chain (leaf first) and unencrypted PKCS#8 key in these PEM files. */
    public static TestkitTls fromPem(Path certificateChain, Path privateKey) {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certificateChain)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read certificates from " + certificateChain + ": " + e, e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certificateChain + " holds no certificate");
        }
        return new TestkitTls(chain, readKey(privateKey, chain.get(0).getPublicKey().getAlgorithm()),
                "from " + certificateChain);
    }

    private static PrivateKey readKey(Path file, String algorithm) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY);"
                        + " convert one with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the private key in " + file + ": " + e, e);
        }
    }

    /** The certificate clients check (the chain's first). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** {@link #certificate()} as PEM, e.g. to write where another process's client reads its trust. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server side of Netty's TLS with this certificate and key. */
    SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(key, chain).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up the testkit's TLS (" + origin + "): " + e, e);
        }
    }

    @Override
    public String toString() {
        return "TestkitTls{" + origin + ", subject=" + certificate().getSubjectX500Principal().getName() + "}";
    }
}
