package dev.switchboard.auth.internal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The signing keys of an OpenID Connect provider ({@code switchboard.auth.oidc.issuer}): reads the provider's
 * discovery document ({@code <issuer>/.well-known/openid-configuration}) for its {@code jwks_uri}, fetches that JWKS
 * and keeps it for {@code switchboard.auth.oidc.jwks-cache}. A token signed with a key id the cached set does not
 * have makes it fetch the set again, at most once per {@code switchboard.auth.oidc.refresh-interval}, so a provider
 * that rotates its keys is followed at once while a stream of tokens with made-up key ids costs one request per
 * interval, not one each.
 *
 * <p>Nothing is fetched until the first token arrives, so a provider that is down when the application starts delays
 * no deployment; a token that arrives while the keys cannot be had is refused. A failed refresh keeps the keys
 * fetched last. Requests run on the caller's thread ({@link HttpURLConnection}, no connection kept open, no
 * redirects), bounded by {@code switchboard.auth.oidc.http-timeout} and {@value #MAX_DOCUMENT_BYTES} bytes; one
 * request runs at a time, and a caller that finds one running waits for it.
 *
 * <p>Thread-safe.
 */
final class OidcProvider {

    private static final System.Logger LOG = System.getLogger(OidcProvider.class.getName());

    /** Largest discovery document or JWKS read; real ones are a few kilobytes. */
    static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    /** Default of {@code switchboard.auth.oidc.jwks-cache}. */
    static final Duration DEFAULT_CACHE = Duration.ofMinutes(10);
    /** Default of {@code switchboard.auth.oidc.refresh-interval}. */
    static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** Default of {@code switchboard.auth.oidc.http-timeout}. */
    static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final String issuer;
    private final URI discovery;
    private final Duration cacheLifetime;
    private final Duration refreshInterval;
    private final Duration httpTimeout;
    private final Clock clock;
    private final ReentrantLock fetchLock = new ReentrantLock();

    /** The keys as fetched last, and when; null until the first fetch succeeds. */
    private volatile Keys keys;

    /** The provider's {@code jwks_uri}, once the discovery document was read. Guarded by the lock. */
    private URI jwksUri;
    /** When a fetch caused by an unknown key id last ran. Guarded by the lock. */
    private Instant lastUnknownKeyIdFetch;
    /** When a fetch last failed; cleared by a successful one. Guarded by the lock. */
    private Instant lastFailure;

    private record Keys(List<JWK> keys, Instant fetched) {}

    /**
     * Creates the provider's key source; fetches nothing yet.
     *
     * @param issuer          the issuer identifier, an {@code https} URL ({@code http} is accepted for a provider on
     *                        the loopback interface or a trusted network)
     * @param cacheLifetime   how long a fetched key set is used before it is fetched again
     * @param refreshInterval the shortest time between two fetches caused by unknown key ids
     * @param httpTimeout     the connect and read timeout of each request
     * @param clock           the clock cache ages are judged by
     * @throws IllegalArgumentException when the issuer is not an absolute http(s) URL or a duration is not positive
     */
    OidcProvider(String issuer, Duration cacheLifetime, Duration refreshInterval, Duration httpTimeout, Clock clock) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_OIDC_ISSUER + " is not a URL: " + issuer, e);
        }
        if (!uri.isAbsolute()
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_OIDC_ISSUER
                    + " must be an http or https URL without query or fragment (OpenID Connect Discovery 1.0 §2): "
                    + issuer);
        }
        for (Duration duration : List.of(cacheLifetime, refreshInterval, httpTimeout)) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("OpenID Connect cache and timeout settings must be positive");
            }
        }
        this.issuer = issuer;
        // Discovery §4: the well-known path is appended to the issuer, after removing a trailing slash.
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.discovery = URI.create(base + "/.well-known/openid-configuration");
        this.cacheLifetime = cacheLifetime;
        this.refreshInterval = refreshInterval;
        this.httpTimeout = httpTimeout;
        this.clock = clock;
    }

    /**
     * The issuer identifier tokens must carry as {@code iss}.
     *
     * @return the configured issuer
     */
    String issuer() {
        return issuer;
    }

    /**
     * The provider's keys: the cached set while it is younger than the cache lifetime, else fetched again (the
     * stale set if the fetch fails).
     *
     * @return the keys, public parts only
     * @throws InvalidCredentialException when no key set could be fetched yet
     */
    List<JWK> keys() throws InvalidCredentialException {
        Keys known = keys;
        if (known != null && clock.instant().isBefore(known.fetched().plus(cacheLifetime))) {
            return known.keys();
        }
        return refresh(false);
    }

    /**
     * The provider's keys after a token named a key id the cached set lacks: fetched again unless a fetch was tried
     * within the refresh interval.
     *
     * @return the keys, public parts only
     * @throws InvalidCredentialException when no key set could be fetched yet
     */
    List<JWK> keysAfterUnknownKeyId() throws InvalidCredentialException {
        return refresh(true);
    }

    private List<JWK> refresh(boolean unknownKeyId) throws InvalidCredentialException {
        fetchLock.lock();
        try {
            Instant now = clock.instant();
            Keys known = keys;
            if (!unknownKeyId && known != null && now.isBefore(known.fetched().plus(cacheLifetime))) {
                // Another caller fetched while this one waited for the lock.
                return known.keys();
            }
            // Unknown key ids, and retries after a failure, fetch at most once per interval each: a stream of tokens
            // with made-up key ids, or a provider that is down, costs one request per interval, not one per token.
            boolean recently = unknownKeyId
                    && lastUnknownKeyIdFetch != null
                    && now.isBefore(lastUnknownKeyIdFetch.plus(refreshInterval));
            recently |= lastFailure != null && now.isBefore(lastFailure.plus(refreshInterval));
            if (recently) {
                if (known == null) {
                    throw new InvalidCredentialException("the identity provider's keys are not available");
                }
                return known.keys();
            }
            if (unknownKeyId) {
                lastUnknownKeyIdFetch = now;
            }
            try {
                List<JWK> fetched = fetch();
                keys = new Keys(fetched, now);
                lastFailure = null;
                LOG.log(System.Logger.Level.INFO, "OpenID Connect keys of {0}: {1} keys", issuer, fetched.size());
                return fetched;
            } catch (IOException | RuntimeException e) {
                lastFailure = now;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Fetching the OpenID Connect keys of {0} failed ({1}); {2}",
                        issuer,
                        e.getMessage(),
                        known == null ? "bearer tokens of this issuer are refused" : "the keys fetched last stay");
                if (known == null) {
                    throw new InvalidCredentialException("the identity provider's keys are not available");
                }
                return known.keys();
            }
        } finally {
            fetchLock.unlock();
        }
    }

    private List<JWK> fetch() throws IOException {
        if (jwksUri == null) {
            jwksUri = jwksUri(get(discovery));
        }
        try {
            List<JWK> found = new ArrayList<>();
            for (JWK key : JWKSet.parse(get(jwksUri)).getKeys()) {
                JWK publicPart = key.toPublicJWK();
                if (publicPart != null) {
                    found.add(publicPart);
                }
            }
            return List.copyOf(found);
        } catch (ParseException e) {
            throw new IOException("the JWKS at " + jwksUri + " is malformed: " + e.getMessage(), e);
        }
    }

    private URI jwksUri(String document) throws IOException {
        JsonObject metadata;
        try (JsonReader reader = Json.createReader(new StringReader(document))) {
            metadata = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("the discovery document at " + discovery + " is not a JSON object", e);
        }
        // Discovery §4.3: the issuer in the document must be exactly the one configured, or tokens could be
        // accepted from an issuer that merely serves its metadata at that address.
        if (!(metadata.get("issuer") instanceof JsonString documentIssuer)
                || !documentIssuer.getString().equals(issuer)) {
            throw new IOException(
                    "the discovery document at " + discovery + " names another issuer: " + metadata.get("issuer"));
        }
        if (!(metadata.get("jwks_uri") instanceof JsonString jwks)) {
            throw new IOException("the discovery document at " + discovery + " has no jwks_uri");
        }
        URI uri;
        try {
            uri = new URI(jwks.getString());
        } catch (URISyntaxException e) {
            throw new IOException("the jwks_uri " + jwks.getString() + " is not a URL", e);
        }
        boolean secure = "https".equals(uri.getScheme());
        if (!uri.isAbsolute() || !(secure || "http".equals(uri.getScheme()))) {
            throw new IOException("the jwks_uri " + uri + " is not an http(s) URL");
        }
        if (!secure && "https".equals(discovery.getScheme())) {
            throw new IOException("the jwks_uri " + uri + " is plain http behind an https issuer");
        }
        return uri;
    }

    private String get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        int timeout = (int) Math.min(Integer.MAX_VALUE, httpTimeout.toMillis());
        connection.setConnectTimeout(timeout);
        connection.setReadTimeout(timeout);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", "application/json");
        // No keep-alive: a request every few minutes gains nothing from it, and the JDK's keep-alive cache would hold
        // a socket and a timer thread past the application's undeploy.
        connection.setRequestProperty("Connection", "close");
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException(uri + " answered HTTP " + status);
            }
            long declared = connection.getContentLengthLong();
            if (declared > MAX_DOCUMENT_BYTES) {
                throw new IOException(
                        uri + " sent " + declared + " bytes; at most " + MAX_DOCUMENT_BYTES + " are read");
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (body.length > MAX_DOCUMENT_BYTES) {
                    throw new IOException(uri + " sent more than " + MAX_DOCUMENT_BYTES + " bytes");
                }
                return new String(body, StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }

    /**
     * The configured provider, if any.
     *
     * @param config the configuration
     * @param clock  the clock
     * @return the provider when {@code switchboard.auth.oidc.issuer} is set
     */
    static Optional<OidcProvider> configured(ConfigReader config, Clock clock) {
        return config.get(ConfigKeys.AUTH_OIDC_ISSUER)
                .map(issuer -> new OidcProvider(
                        issuer,
                        Duration.ofSeconds(config.getLong(ConfigKeys.AUTH_OIDC_JWKS_CACHE, DEFAULT_CACHE.toSeconds())),
                        Duration.ofSeconds(config.getLong(
                                ConfigKeys.AUTH_OIDC_REFRESH_INTERVAL, DEFAULT_REFRESH_INTERVAL.toSeconds())),
                        Duration.ofMillis(
                                config.getLong(ConfigKeys.AUTH_OIDC_HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT.toMillis())),
                        clock));
    }
}
