package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MapConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtVerifierAcceptsOnlyValidSignedTokensTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "0123456789abcdef0123456789abcdef-hs256";

    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair ec;

    @TempDir
    Path directory;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        otherRsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
    }

    @Test
    void hs256TokenGivesBearerIdentityWithUserRolesAndExpiry() throws Exception {
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_SECRET, SECRET));
        Instant exp = NOW.plusSeconds(600);

        Identity identity = verifier.verify(sign(
                JWSAlgorithm.HS256,
                new MACSigner(SECRET.getBytes()),
                null,
                claims().expirationTime(Date.from(exp))
                        .claim("roles", List.of("admin", "user"))
                        .build()));

        assertThat(verifier.enabled()).isTrue();
        assertThat(identity).isEqualTo(new Identity("alice", Set.of("admin", "user"), "bearer", Optional.of(exp)));
    }

    @Test
    void rs256TokenVerifiesWithPemPublicKey() throws Exception {
        JwtVerifier verifier = verifier(
                Map.of(ConfigKeys.AUTH_JWT_PUBLIC_KEY, pem(rsa.getPublic()).toString()));

        Identity identity = verifier.verify(
                sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), "any-kid", valid().build()));

        assertThat(identity.name()).isEqualTo("alice");
    }

    @Test
    void es256TokenVerifiesWithPemPublicKey() throws Exception {
        JwtVerifier verifier = verifier(
                Map.of(ConfigKeys.AUTH_JWT_PUBLIC_KEY, pem(ec.getPublic()).toString()));

        Identity identity = verifier.verify(sign(
                JWSAlgorithm.ES256,
                new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                null,
                valid().claim("roles", "ops, audit  viewer").build()));

        assertThat(identity.roles()).containsExactlyInAnyOrder("ops", "audit", "viewer");
    }

    @Test
    void jwksKeyIsChosenByKid() throws Exception {
        Path jwks = writeJwks(
                new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("one").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic())
                        .keyID("two")
                        .build());
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_JWKS, jwks.toString()));

        assertThat(verifier.verify(sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), "one", valid().build()))
                        .name())
                .isEqualTo("alice");
        assertThat(verifier.verify(sign(
                                JWSAlgorithm.ES256,
                                new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                                "two",
                                valid().build()))
                        .name())
                .isEqualTo("alice");
        assertRefused(
                verifier,
                sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), "three", valid().build()),
                "unknown key id");
        assertRefused(
                verifier,
                sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), "two", valid().build()),
                "no key for RS256");
    }

    @Test
    void jwksChangesArePickedUpForKeyRotation() throws Exception {
        Path jwks = writeJwks(
                new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("old").build());
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_JWKS, jwks.toString()));
        String newToken = sign(JWSAlgorithm.RS256, new RSASSASigner(otherRsa.getPrivate()), "new", valid().build());
        assertRefused(verifier, newToken, "unknown key id");

        writeJwks(new RSAKey.Builder((RSAPublicKey) otherRsa.getPublic())
                .keyID("new")
                .build());

        assertThat(verifier.verify(newToken).name()).isEqualTo("alice");
        assertRefused(
                verifier,
                sign(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()), "old", valid().build()),
                "unknown key id");
    }

    @Test
    void wrongSignatureIsRefused() throws Exception {
        JwtVerifier verifier = verifier(Map.of(
                ConfigKeys.AUTH_JWT_SECRET,
                SECRET,
                ConfigKeys.AUTH_JWT_PUBLIC_KEY,
                pem(rsa.getPublic()).toString()));

        assertRefused(
                verifier,
                sign(JWSAlgorithm.HS256, new MACSigner("another-secret-of-32-bytes-or-more!!"), null, valid().build()),
                "bad signature");
        assertRefused(
                verifier,
                sign(JWSAlgorithm.RS256, new RSASSASigner(otherRsa.getPrivate()), null, valid().build()),
                "bad signature");
        String good = sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes()), null, valid().build());
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode("{\"sub\":\"root\",\"exp\":1999999999}") + "." + parts[2];
        assertRefused(verifier, tampered, "bad signature");
    }

    @Test
    void unsignedAndOtherAlgorithmsAreRefused() throws Exception {
        JwtVerifier verifier = verifier(Map.of(
                ConfigKeys.AUTH_JWT_SECRET,
                SECRET,
                ConfigKeys.AUTH_JWT_PUBLIC_KEY,
                pem(rsa.getPublic()).toString()));

        assertRefused(verifier, new PlainJWT(valid().build()).serialize(), "unsigned token (alg none) not accepted");
        String noneWithSignature = Base64URL.encode("{\"alg\":\"none\"}") + "."
                + Base64URL.encode(valid().build().toString()) + ".c2ln";
        assertThatThrownBy(() -> verifier.verify(noneWithSignature)).isInstanceOf(InvalidCredentialException.class);
        assertRefused(
                verifier,
                sign(JWSAlgorithm.HS512, new MACSigner(SECRET.repeat(2).getBytes()), null, valid().build()),
                "algorithm HS512 not accepted");
        assertRefused(
                verifier,
                sign(JWSAlgorithm.PS256, new RSASSASigner(rsa.getPrivate()), null, valid().build()),
                "algorithm PS256 not accepted");
    }

    @Test
    void publicKeyIsNeverUsedAsAnHmacSecret() throws Exception {
        Path pem = pem(rsa.getPublic());
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_PUBLIC_KEY, pem.toString()));

        assertRefused(
                verifier,
                sign(JWSAlgorithm.HS256, new MACSigner(Files.readAllBytes(pem)), null, valid().build()),
                "no key for HS256");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedOutsideTheSkew() throws Exception {
        JwtVerifier verifier =
                verifier(Map.of(ConfigKeys.AUTH_JWT_SECRET, SECRET, ConfigKeys.AUTH_JWT_CLOCK_SKEW, "30"));

        assertRefused(
                verifier,
                hs256(claims().expirationTime(Date.from(NOW.minusSeconds(31))).build()),
                "token expired");
        assertThat(verifier.verify(hs256(
                        claims().expirationTime(Date.from(NOW.minusSeconds(29))).build())))
                .isNotNull();
        assertRefused(
                verifier,
                hs256(valid().notBeforeTime(Date.from(NOW.plusSeconds(31))).build()),
                "token not yet valid");
        assertThat(verifier.verify(hs256(
                        valid().notBeforeTime(Date.from(NOW.plusSeconds(29))).build())))
                .isNotNull();
    }

    @Test
    void expiryIsRequiredUnlessConfiguredOtherwise() throws Exception {
        String noExp = hs256(claims().build());

        assertRefused(verifier(Map.of(ConfigKeys.AUTH_JWT_SECRET, SECRET)), noExp, "token has no expiry");
        assertThat(verifier(Map.of(ConfigKeys.AUTH_JWT_SECRET, SECRET, ConfigKeys.AUTH_JWT_REQUIRE_EXP, "false"))
                        .verify(noExp)
                        .expiresAt())
                .isEmpty();
    }

    @Test
    void issuerAndAudienceMustMatchWhenConfigured() throws Exception {
        JwtVerifier verifier = verifier(Map.of(
                ConfigKeys.AUTH_JWT_SECRET,
                SECRET,
                ConfigKeys.AUTH_JWT_ISSUER,
                "https://idp.example",
                ConfigKeys.AUTH_JWT_AUDIENCE,
                "switchboard"));

        assertThat(verifier.verify(hs256(valid().issuer("https://idp.example")
                                .audience(List.of("other", "switchboard"))
                                .build()))
                        .name())
                .isEqualTo("alice");
        assertRefused(
                verifier,
                hs256(valid().issuer("https://evil.example")
                        .audience("switchboard")
                        .build()),
                "wrong issuer");
        assertRefused(verifier, hs256(valid().audience("switchboard").build()), "wrong issuer");
        assertRefused(
                verifier,
                hs256(valid().issuer("https://idp.example").audience("other").build()),
                "wrong audience");
        assertRefused(verifier, hs256(valid().issuer("https://idp.example").build()), "wrong audience");
    }

    @Test
    void userAndRolesClaimsAreConfigurable() throws Exception {
        JwtVerifier verifier = verifier(Map.of(
                ConfigKeys.AUTH_JWT_SECRET,
                SECRET,
                ConfigKeys.AUTH_JWT_USER_CLAIM,
                "preferred_username",
                ConfigKeys.AUTH_JWT_ROLES_CLAIM,
                "realm_access.roles"));

        Identity identity = verifier.verify(hs256(valid().claim("preferred_username", "bob")
                .claim("realm_access", Map.of("roles", List.of("dev", "ops")))
                .build()));

        assertThat(identity.name()).isEqualTo("bob");
        assertThat(identity.roles()).containsExactlyInAnyOrder("dev", "ops");
        assertRefused(verifier, hs256(valid().build()), "token has no user");
    }

    @Test
    void malformedTokensAndRolesAreRefused() throws Exception {
        JwtVerifier verifier = verifier(Map.of(ConfigKeys.AUTH_JWT_SECRET, SECRET));

        assertRefused(verifier, "not.a.token", "malformed token");
        assertRefused(verifier, "", "no token");
        assertRefused(verifier, "a".repeat(20_000), "token too large");
        assertRefused(verifier, hs256(valid().claim("roles", List.of("ok", 3)).build()), "malformed roles claim");
        assertRefused(verifier, hs256(valid().claim("roles", 7).build()), "malformed roles claim");
    }

    @Test
    void withoutKeysTheVerifierIsOffAndRefusesEverything() throws Exception {
        JwtVerifier verifier = verifier(Map.of());

        assertThat(verifier.enabled()).isFalse();
        assertRefused(verifier, hs256(valid().build()), "no key for HS256");
    }

    @Test
    void misconfigurationFailsConstructionWithTheKeyNamed() throws Exception {
        assertThatThrownBy(() -> verifier(Map.of(ConfigKeys.AUTH_JWT_SECRET, "too-short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ConfigKeys.AUTH_JWT_SECRET)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short");
        Path notPem = Files.writeString(directory.resolve("key.pem"), "hello");
        assertThatThrownBy(() -> verifier(Map.of(ConfigKeys.AUTH_JWT_PUBLIC_KEY, notPem.toString())))
                .hasMessageContaining(ConfigKeys.AUTH_JWT_PUBLIC_KEY);
        Path badJwks = Files.writeString(directory.resolve("jwks.json"), "{\"keys\": 5}");
        assertThatThrownBy(() -> verifier(Map.of(ConfigKeys.AUTH_JWT_JWKS, badJwks.toString())))
                .hasMessageContaining(ConfigKeys.AUTH_JWT_JWKS);
        assertThatThrownBy(() -> verifier(Map.of(
                        ConfigKeys.AUTH_JWT_JWKS, directory.resolve("none").toString())))
                .hasMessageContaining(ConfigKeys.AUTH_JWT_JWKS);
    }

    private JwtVerifier verifier(Map<String, String> config) {
        return new JwtVerifier(MapConfig.of(new HashMap<>(config)), CLOCK);
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(NOW.minusSeconds(5)));
    }

    private static JWTClaimsSet.Builder valid() {
        return claims().expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private static String hs256(JWTClaimsSet claims) throws Exception {
        return sign(JWSAlgorithm.HS256, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), null, claims);
    }

    private static String sign(JWSAlgorithm algorithm, JWSSigner signer, String kid, JWTClaimsSet claims)
            throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .type(JOSEObjectType.JWT)
                        .keyID(kid)
                        .build(),
                claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static void assertRefused(JwtVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidCredentialException.class)
                .hasMessage(reason);
    }

    private Path pem(PublicKey key) throws Exception {
        Path file = directory.resolve(key.getAlgorithm() + "-" + key.hashCode() + ".pem");
        Files.writeString(
                file,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    private Path writeJwks(com.nimbusds.jose.jwk.JWK... keys) throws Exception {
        Path file = directory.resolve("jwks.json");
        Path temporary = directory.resolve("jwks.json.tmp");
        Files.writeString(temporary, new JWKSet(List.of(keys)).toString());
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
