package io.rtcreactor.engine.internal.signal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.rtcreactor.engine.TlsTrust;
import io.rtcreactor.engine.internal.EngineSchedulers;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The HTTP clients of the signal path, with TLS set up from a {@link TlsTrust}: the chain must lead to a trusted
 * certificate, and the certificate must name the URL's host (HTTPS endpoint identification, set on every engine).
 */
public final class Tls {

    /** Built contexts per trust: building one reads the trust store, which is blocking work. */
    private static final Map<TlsTrust, SslContext> CONTEXTS = new WeakHashMap<>();

    private Tls() {
    }

    /** Whether {@code url} (ws, wss, http or https) is a TLS URL. */
    public static boolean secure(String url) {
        return secure(URI.create(url.trim()));
    }

    private static boolean secure(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("wss") || scheme.equals("https");
    }

    /**
     * Builds {@code trust}'s TLS context on a thread that may block (the trust store is read from disk), so that
     * no later connection does it on an event loop or the session's lane. Done once per trust.
     */
    public static Mono<Void> prepare(TlsTrust trust) {
        return Mono.<Void>fromRunnable(() -> {
            context(trust);
            // Reactor Netty builds its default client TLS context in a static initialiser the first time a client is
            // made secure, reading the JDK's trust store from disk. On an event loop or a lane that is blocking work,
            // and under BlockHound it fails the class's initialisation for the rest of the JVM's life: no wss
            // connection could ever be made. Made here once, where blocking is allowed. Nothing connects.
            client(trust, URI.create("wss://tls.prepare.invalid"));
        }).subscribeOn(EngineSchedulers.blockingWork());
    }

    /** A client for {@code uri} that trusts what {@code trust} says; plain for a ws/http URI. */
    public static HttpClient client(TlsTrust trust, URI uri) {
        HttpClient client = HttpClient.create();
        if (!secure(uri)) {
            return client;
        }
        SslContext context = context(trust);
        // The host name is checked against the certificate (HTTPS endpoint identification), whatever the trust.
        // Reactor Netty's secure HttpClient does so by default as well (observed: clearing it here alone still
        // refuses a certificate for another host, TlsTest); set here so the rule does not rest on a default.
        return client.secure(spec -> spec.sslContext(context).handlerConfigurator(handler -> {
            SSLParameters parameters = handler.engine().getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            handler.engine().setSSLParameters(parameters);
        }));
    }

    private static SslContext context(TlsTrust trust) {
        synchronized (CONTEXTS) {
            SslContext built = CONTEXTS.get(trust);
            if (built == null) {
                built = build(trust);
                CONTEXTS.put(trust, built);
            }
            return built;
        }
    }

    private static SslContext build(TlsTrust trust) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trust.trustManagerFactory().isPresent()) {
                builder.trustManager(trust.trustManagerFactory().get());
            } else {
                // The JVM's default trust store, loaded now rather than on first use.
                TrustManagerFactory system = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                system.init((java.security.KeyStore) null);
                builder.trustManager(system);
            }
            return builder.build();
        } catch (SSLException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with " + trust.description() + ": " + e, e);
        }
    }
}
