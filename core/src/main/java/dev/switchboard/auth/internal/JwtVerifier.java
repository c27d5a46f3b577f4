package dev.switchboard.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies bearer tokens: compact JWS (signed JWT) with HS256, RS256 or ES256. Any other algorithm, {@code none}
 * (unsigned) and encrypted tokens are refused.
 *
 * <h2>Keys</h2>
 * <ul>
 *   <li>{@code switchboard.auth.jwt.secret}: the HS256 shared secret, its UTF-8 bytes, at least 32 of them.
 *       HS256 tokens are verified with it and nothing else, so a public key can never be used as an HMAC
 *       secret.</li>
 *   <li>{@code switchboard.auth.jwt.public-key}: a PEM file, {@code PUBLIC KEY} (RSA or EC P-256) or
 *       {@code CERTIFICATE}, read once at startup.</li>
 *   <li>{@code switchboard.auth.jwt.jwks}: a JWKS file. A token with a {@code kid} is verified with the RSA or
 *       EC key of that id only (not with the PEM key); a token without one with every key, PEM or JWKS, that fits
 *       its algorithm. Keys whose {@code use} is not {@code sig} or whose {@code alg} names another algorithm are
 *       skipped. The file is read
 *       again when it changes, so keys rotate without a restart; if it becomes unreadable or malformed, RS256 and
 *       ES256 tokens fail until it is fixed.</li>
 * </ul>
 * A misconfiguration (a short secret, an unreadable or malformed key file) fails construction with a message
 * naming the key, so the deployment stops.
 *
 * <h2>Claims</h2>
 * Checked only once the signature is good: {@code exp} (required unless {@code switchboard.auth.jwt.require-exp}
 * is off) and {@code nbf} against the clock, with {@code switchboard.auth.jwt.clock-skew} of tolerance (RFC 7519
 * sections 4.1.4 and 4.1.5); {@code iss} equal to {@code switchboard.auth.jwt.issuer} and {@code aud} containing
 * {@code switchboard.auth.jwt.audience} when those are set. The user is the string claim
 * {@code switchboard.auth.jwt.user-claim} ({@code sub}); the roles come from {@code switchboard.auth.jwt.roles-claim}
 * ({@code roles}), a JSON array of strings or a string of names separated by spaces or commas, or none when
 * absent.
 *
 * <p>Immutable apart from the JWKS it re-reads; thread-safe.
 */
public final class JwtVerifier {

    /** The {@link Identity#method()} of identities from bearer tokens. */
    public static final String METHOD = "bearer";
    /** Default of {@code switchboard.auth.jwt.clock-skew}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** Fewest bytes an HS256 secret may have: the size of the HMAC-SHA256 output (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Longest token looked at; longer ones are refused before parsing. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(JwtVerifier.class.getName());
    private static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final Clock clock;
    private final Optional<MACVerifier> hmac;
    private final Optional<PublicKey> publicKey;
    private final Optional<Path> jwksFile;
    private final boolean requireExp;
    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Duration clockSkew;
    private final String userClaim;
    private final String rolesClaim;
    private final ReentrantLock jwksLock = new ReentrantLock();
    private volatile Jwks jwks;

    /** The JWKS as last read, and the file's version then. */
    private record Jwks(Optional<FileVersion> version, List<JWK> keys) {}

    /**
     * Creates a verifier from the {@code switchboard.auth.jwt.*} keys.
     *
     * @param config the configuration
     * @param clock  the time that {@code exp} and {@code nbf} are checked against
     * @throws IllegalArgumentException when a key is misconfigured: a secret shorter than 32 bytes, a key file that
     *                                  cannot be read or parsed, a negative clock skew
     */
    public JwtVerifier(ConfigReader config, Clock clock) {
        this.clock = clock;
        this.hmac = config.get(ConfigKeys.AUTH_JWT_SECRET).map(JwtVerifier::hmac);
        this.publicKey =
                config.get(ConfigKeys.AUTH_JWT_PUBLIC_KEY).map(Path::of).map(JwtVerifier::readPem);
        this.jwksFile = config.get(ConfigKeys.AUTH_JWT_JWKS).map(Path::of);
        this.requireExp = config.getBoolean(ConfigKeys.AUTH_JWT_REQUIRE_EXP, true);
        this.issuer = config.get(ConfigKeys.AUTH_JWT_ISSUER);
        this.audience = config.get(ConfigKeys.AUTH_JWT_AUDIENCE);
        long skew = config.getLong(ConfigKeys.AUTH_JWT_CLOCK_SKEW, DEFAULT_CLOCK_SKEW.toSeconds());
        if (skew < 0) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_CLOCK_SKEW + " must not be negative: " + skew);
        }
        this.clockSkew = Duration.ofSeconds(skew);
        this.userClaim = config.getString(ConfigKeys.AUTH_JWT_USER_CLAIM, "sub");
        this.rolesClaim = config.getString(ConfigKeys.AUTH_JWT_ROLES_CLAIM, "roles");
        if (jwksFile.isPresent()) {
            Path file = jwksFile.get();
            try {
                Optional<FileVersion> version = FileVersion.of(file);
                this.jwks = new Jwks(version, parseJwks(file));
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException(
                        ConfigKeys.AUTH_JWT_JWKS + ": cannot read a JWKS from " + file + " (" + e.getMessage() + ")",
                        e);
            }
        }
    }

    /**
     * Creates a verifier from the standard configuration sources and the system clock.
     *
     * @return the verifier
     * @throws IllegalArgumentException when a key is misconfigured
     */
    public static JwtVerifier fromConfiguration() {
        return new JwtVerifier(ConfigReader.standard(), Clock.systemUTC());
    }

    /**
     * Tells whether any verification key is configured; without one every token is refused.
     *
     * @return true when a secret, a public key or a JWKS is configured
     */
    public boolean enabled() {
        return hmac.isPresent() || publicKey.isPresent() || jwksFile.isPresent();
    }

    /**
     * Verifies a token and makes the identity it proves.
     *
     * @param token the compact serialization, without the {@code Bearer } prefix
     * @return the identity, with method {@code bearer} and the token's {@code exp} as expiry (empty when the token
     *         has none and none is required)
     * @throws InvalidCredentialException with a short reason when the token proves nothing
     */
    public Identity verify(String token) throws InvalidCredentialException {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw new InvalidCredentialException("algorithm " + algorithm.getName() + " not accepted");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new InvalidCredentialException("unsupported critical header");
        }
        List<JWSVerifier> verifiers = verifiers(algorithm, header.getKeyID());
        if (!verified(jwt, verifiers)) {
            throw new InvalidCredentialException("bad signature");
        }
        return identity(claims(jwt));
    }

    private static SignedJWT parse(String token) throws InvalidCredentialException {
        if (token == null || token.isBlank()) {
            throw new InvalidCredentialException("no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidCredentialException("token too large");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.strip());
        } catch (ParseException | RuntimeException e) {
            throw new InvalidCredentialException("malformed token");
        }
        if (jwt instanceof PlainJWT) {
            throw new InvalidCredentialException("unsigned token (alg none) not accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidCredentialException("encrypted token not accepted");
        }
        return signed;
    }

    private List<JWSVerifier> verifiers(JWSAlgorithm algorithm, String keyId) throws InvalidCredentialException {
        List<JWSVerifier> verifiers = new ArrayList<>();
        if (algorithm.equals(JWSAlgorithm.HS256)) {
            hmac.ifPresent(verifiers::add);
            if (verifiers.isEmpty()) {
                throw new InvalidCredentialException("no key for HS256");
            }
            return verifiers;
        }
        boolean rsa = algorithm.equals(JWSAlgorithm.RS256);
        try {
            // With a JWKS, a kid names the one key to use; the PEM key serves tokens without one (or every token
            // when there is no JWKS, since issuers often set a kid that nothing here would know).
            if (publicKey.isPresent() && (keyId == null || jwksFile.isEmpty())) {
                PublicKey key = publicKey.get();
                if (rsa && key instanceof RSAPublicKey rsaKey) {
                    verifiers.add(new RSASSAVerifier(rsaKey));
                } else if (!rsa && key instanceof ECPublicKey ecKey && isP256(ecKey)) {
                    verifiers.add(new ECDSAVerifier(ecKey));
                }
            }
            if (jwksFile.isPresent()) {
                boolean kidKnown = false;
                for (JWK jwk : currentJwks()) {
                    if (keyId != null && !keyId.equals(jwk.getKeyID())) {
                        continue;
                    }
                    kidKnown = true;
                    if (!fitsSignature(jwk, algorithm)) {
                        continue;
                    }
                    if (rsa && jwk instanceof RSAKey rsaKey) {
                        verifiers.add(new RSASSAVerifier(rsaKey.toRSAPublicKey()));
                    } else if (!rsa && jwk instanceof ECKey ecKey && Curve.P_256.equals(ecKey.getCurve())) {
                        verifiers.add(new ECDSAVerifier(ecKey.toECPublicKey()));
                    }
                }
                if (keyId != null && !kidKnown) {
                    throw new InvalidCredentialException("unknown key id");
                }
            }
        } catch (JOSEException e) {
            // A key the library cannot use (an unusable JWKS entry): it verifies nothing.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "A configured key cannot verify " + algorithm + " tokens: " + e.getMessage());
        }
        if (verifiers.isEmpty()) {
            throw new InvalidCredentialException("no key for " + algorithm.getName());
        }
        return verifiers;
    }

    private static boolean fitsSignature(JWK jwk, JWSAlgorithm algorithm) {
        boolean useFits = jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse());
        boolean algorithmFits = jwk.getAlgorithm() == null || algorithm.equals(jwk.getAlgorithm());
        return useFits && algorithmFits;
    }

    private static boolean verified(SignedJWT jwt, List<JWSVerifier> verifiers) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | RuntimeException e) {
                // A signature of the wrong shape for this key: not verified by it.
            }
        }
        return false;
    }

    private JWTClaimsSet claims(SignedJWT jwt) throws InvalidCredentialException {
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidCredentialException("malformed claims");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            if (requireExp) {
                throw new InvalidCredentialException("token has no expiry");
            }
        } else if (!now.isBefore(exp.toInstant().plus(clockSkew))) {
            throw new InvalidCredentialException("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
            throw new InvalidCredentialException("token not yet valid");
        }
        if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
            throw new InvalidCredentialException("wrong issuer");
        }
        if (audience.isPresent()
                && (claims.getAudience() == null || !claims.getAudience().contains(audience.get()))) {
            throw new InvalidCredentialException("wrong audience");
        }
        return claims;
    }

    private Identity identity(JWTClaimsSet claims) throws InvalidCredentialException {
        Object user = claims.getClaim(userClaim);
        if (!(user instanceof String name) || name.isBlank()) {
            throw new InvalidCredentialException("token has no user");
        }
        Set<String> roles = roles(claims);
        Optional<Instant> expiry =
                Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant);
        return new Identity(name, roles, METHOD, expiry);
    }

    private Set<String> roles(JWTClaimsSet claims) throws InvalidCredentialException {
        Object value = claims.getClaim(rolesClaim);
        if (value == null && rolesClaim.indexOf('.') > 0) {
            value = nested(claims.getClaims(), rolesClaim.split("\\."));
        }
        Set<String> roles = new LinkedHashSet<>();
        if (value == null) {
            return roles;
        }
        if (value instanceof String text) {
            for (String role : text.split("[\\s,]+")) {
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            }
            return roles;
        }
        if (value instanceof List<?> list) {
            for (Object role : list) {
                if (!(role instanceof String name)) {
                    throw new InvalidCredentialException("malformed roles claim");
                }
                if (!name.isBlank()) {
                    roles.add(name.strip());
                }
            }
            return roles;
        }
        throw new InvalidCredentialException("malformed roles claim");
    }

    private static Object nested(Map<String, Object> claims, String[] path) {
        Object current = claims;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    private List<JWK> currentJwks() {
        Path file = jwksFile.orElseThrow();
        Jwks known = jwks;
        Optional<FileVersion> version;
        try {
            version = FileVersion.of(file);
        } catch (IOException e) {
            return known.keys();
        }
        if (version.equals(known.version())) {
            return known.keys();
        }
        jwksLock.lock();
        try {
            known = jwks;
            if (version.equals(known.version())) {
                return known.keys();
            }
            List<JWK> keys;
            try {
                keys = parseJwks(file);
                LOG.log(System.Logger.Level.INFO, "JWKS {0} changed: {1} keys", file, keys.size());
            } catch (IOException | ParseException e) {
                // Refusing every token beats trusting keys an administrator may have just removed.
                LOG.log(
                        System.Logger.Level.ERROR,
                        "JWKS " + file + " cannot be read (" + e.getMessage()
                                + "); RS256 and ES256 tokens are refused until it is fixed");
                keys = List.of();
            }
            jwks = new Jwks(version, keys);
            return keys;
        } finally {
            jwksLock.unlock();
        }
    }

    private static List<JWK> parseJwks(Path file) throws IOException, ParseException {
        List<JWK> keys = new ArrayList<>();
        for (JWK key :
                JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
            // A JWKS with private parts still verifies with the public ones only.
            JWK publicPart = key.toPublicJWK();
            if (publicPart != null) {
                keys.add(publicPart);
            }
        }
        return List.copyOf(keys);
    }

    private static MACVerifier hmac(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_SECRET + " is " + bytes.length
                    + " bytes long; HS256 needs a secret of at least " + MIN_SECRET_BYTES + " bytes (256 bits)");
        }
        try {
            return new MACVerifier(bytes);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(
                    ConfigKeys.AUTH_JWT_SECRET + " cannot be used for HS256: " + e.getMessage(), e);
        }
    }

    private static PublicKey readPem(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": cannot read " + file + " (" + e + ")", e);
        }
        Matcher block = PEM.matcher(text);
        if (!block.find()) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": " + file + " holds no PEM block;"
                    + " expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----");
        }
        String type = block.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": " + file + " is not valid PEM", e);
        }
        PublicKey key;
        try {
            key = switch (type) {
                case "PUBLIC KEY" -> publicKey(der);
                case "CERTIFICATE" ->
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der))
                            .getPublicKey();
                default ->
                    throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": " + file
                            + " holds a " + type + "; expected a PUBLIC KEY (for example from"
                            + " openssl pkey -pubout) or a CERTIFICATE");
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": " + file + " is not an RSA or EC public key or certificate", e);
        }
        if (key instanceof ECPublicKey ec && !isP256(ec)) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": " + file
                    + " is an EC key on a curve other than P-256; ES256 needs P-256");
        }
        if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_PUBLIC_KEY + ": " + file + " holds a "
                    + key.getAlgorithm() + " key; expected RSA (RS256) or EC P-256 (ES256)");
        }
        return key;
    }

    private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException e) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    private static boolean isP256(ECPublicKey key) {
        ECParameterSpec params = key.getParams();
        return Curve.forECParameterSpec(params) != null && Curve.P_256.equals(Curve.forECParameterSpec(params));
    }
}
