package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MapConfig;
import dev.switchboard.testing.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens of an OpenID Connect provider: a real HTTP server on the loopback interface plays the provider,
 * serving its discovery document and JWKS and counting the requests, and tokens are signed with its keys.
 */
class OidcTokensAreVerifiedWithTheProvidersRotatingKeysTest {

    private static RSAKey first;
    private static RSAKey second;
    private static RSAKey stranger;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private HttpServer server;
    private String issuer;
    private volatile String discoveredIssuer;
    private volatile JWKSet published;
    private volatile int status = 200;

    @BeforeAll
    static void keys() throws JOSEException {
        first = new RSAKeyGenerator(2048).keyID("k1").generate();
        second = new RSAKeyGenerator(2048).keyID("k2").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    @BeforeEach
    void startProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        discoveredIssuer = issuer;
        published = new JWKSet(first.toPublicJWK());
        server.createContext("/realms/test/.well-known/openid-configuration", exchange -> {
            discoveryRequests.incrementAndGet();
            answer(
                    exchange,
                    "{\"issuer\":\"" + discoveredIssuer + "\",\"jwks_uri\":\"" + issuer
                            + "/protocol/openid-connect/certs\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        });
        server.createContext("/realms/test/protocol/openid-connect/certs", exchange -> {
            jwksRequests.incrementAndGet();
            answer(exchange, published.toString());
        });
        server.start();
    }

    @AfterEach
    void stopProvider() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (status != 200) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aKeycloakTokenGivesItsUserAndRealmRolesAfterOneDiscoveryAndOneKeyFetch() throws Exception {
        JwtVerifier verifier = verifier(Map.of(
                ConfigKeys.AUTH_JWT_AUDIENCE, "switchboard",
                ConfigKeys.AUTH_JWT_USER_CLAIM, "preferred_username",
                ConfigKeys.AUTH_JWT_ROLES_CLAIM, "realm_access.roles"));

        Identity alice = verifier.verify(token(
                first,
                claims -> claims.subject("f81d4fae-7dec")
                        .claim("preferred_username", "alice")
                        .claim("realm_access", Map.of("roles", List.of("admin", "user")))));
        verifier.verify(token(first, claims -> claims.claim("preferred_username", "bob")));

        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.roles()).containsExactlyInAnyOrder("admin", "user");
        assertThat(alice.method()).isEqualTo("bearer");
        assertThat(discoveryRequests).hasValue(1);
        assertThat(jwksRequests).hasValue(1);
    }

    @Test
    void microProfileUpnAndGroupsAreTheUserAndRolesWhenNoClaimIsConfigured() throws Exception {
        JwtVerifier verifier = verifier(Map.of());

        Identity identity = verifier.verify(token(
                first,
                claims -> claims.subject("id-123")
                        .claim("upn", "carol@example.com")
                        .claim("groups", List.of("ops"))));

        assertThat(identity.name()).isEqualTo("carol@example.com");
        assertThat(identity.roles()).containsExactly("ops");
    }

    @Test
    void wrongIssuerWrongAudienceExpiryNotBeforeAndAForgedSignatureAreRefused() {
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_AUDIENCE, "switchboard"));
        Instant now = clock.instant();

        assertRefused(verifier, token(first, claims -> claims.issuer("https://elsewhere")), "wrong issuer");
        assertRefused(verifier, token(first, claims -> claims.audience("another-app")), "wrong audience");
        assertRefused(
                verifier,
                token(first, claims -> claims.expirationTime(Date.from(now.minusSeconds(120)))),
                "token expired");
        assertRefused(
                verifier,
                token(first, claims -> claims.notBeforeTime(Date.from(now.plusSeconds(120)))),
                "token not yet valid");
        // Same key id as the provider's key, signed with another key.
        assertRefused(verifier, token(stranger, claims -> {}), "bad signature");
    }

    @Test
    void theProvidersIssuerIsRequiredEvenWhenTheJwtIssuerSettingNamesAnother() {
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_ISSUER, "https://elsewhere"));

        assertRefused(verifier, token(first, claims -> claims.issuer("https://elsewhere")), "wrong issuer");
    }

    @Test
    void aRotatedKeyIsFetchedAtOnceAndARemovedOneIsRefused() throws Exception {
        JwtVerifier verifier = verifier(Map.of());
        verifier.verify(token(first, claims -> {}));

        published = new JWKSet(second.toPublicJWK());
        Identity rotated = verifier.verify(token(second, claims -> {}));

        assertThat(rotated.name()).isEqualTo("alice");
        assertThat(jwksRequests).hasValue(2);
        assertRefused(verifier, token(first, claims -> {}), "unknown key id");
        // Within the refresh interval of the rotation's fetch: no third request.
        assertThat(jwksRequests).hasValue(2);
    }

    @Test
    void madeUpKeyIdsCostOneFetchPerRefreshInterval() throws Exception {
        JwtVerifier verifier = verifier(Map.of());
        verifier.verify(token(first, claims -> {}));

        for (int i = 0; i < 20; i++) {
            String keyId = "made-up-" + i;
            assertRefused(verifier, token(rsaWithKeyId(keyId), claims -> {}), "unknown key id");
        }
        assertThat(jwksRequests).hasValue(2);

        clock.advance(Duration.ofSeconds(31));
        assertRefused(verifier, token(rsaWithKeyId("made-up-again"), claims -> {}), "unknown key id");
        assertThat(jwksRequests).hasValue(3);
    }

    @Test
    void theKeySetIsFetchedAgainOnceItsCacheLifetimeHasPassed() throws Exception {
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_OIDC_JWKS_CACHE, "600"));
        verifier.verify(token(first, claims -> {}));

        clock.advance(Duration.ofSeconds(599));
        verifier.verify(token(first, claims -> {}));
        assertThat(jwksRequests).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        verifier.verify(token(first, claims -> {}));
        assertThat(jwksRequests).hasValue(2);
        assertThat(discoveryRequests).hasValue(1);
    }

    @Test
    void aProviderThatIsDownRefusesTokensUntilARetryAfterTheIntervalSucceeds() throws Exception {
        JwtVerifier verifier = verifier(Map.of());
        status = 503;

        assertRefused(verifier, token(first, claims -> {}), "keys are not available");
        assertRefused(verifier, token(first, claims -> {}), "keys are not available");
        assertThat(discoveryRequests).hasValue(1);

        status = 200;
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(token(first, claims -> {})).name()).isEqualTo("alice");

        // Once fetched, a failing refresh keeps the keys it has.
        status = 503;
        clock.advance(Duration.ofSeconds(601));
        assertThat(verifier.verify(token(first, claims -> {})).name()).isEqualTo("alice");
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsNotTrusted() {
        discoveredIssuer = "https://attacker.example";
        JwtVerifier verifier = verifier(Map.of());

        assertRefused(verifier, token(first, claims -> {}), "keys are not available");
        assertThat(jwksRequests).hasValue(0);
    }

    @Test
    void anIssuerThatIsNotAnHttpUrlStopsTheDeployment() {
        assertThatThrownBy(() -> new JwtVerifier(MapConfig.of(Map.of(ConfigKeys.AUTH_OIDC_ISSUER, "realm1")), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ConfigKeys.AUTH_OIDC_ISSUER);
    }

    private JwtVerifier verifier(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put(ConfigKeys.AUTH_OIDC_ISSUER, issuer);
        return new JwtVerifier(MapConfig.of(config), clock);
    }

    /** A token of the provider for alice, valid for five minutes, changed by {@code edit}. */
    private String token(RSAKey key, Consumer<JWTClaimsSet.Builder> edit) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("alice")
                .audience("switchboard")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        edit.accept(claims);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaWithKeyId(String keyId) {
        return new RSAKey.Builder(first).keyID(keyId).build();
    }

    private static void assertRefused(JwtVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidCredentialException.class)
                .hasMessageContaining(reason);
    }
}
