package dev.switchboard.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 *   <li>{@code switchboard.auth.oidc.issuer}: an OpenID Connect provider, whose JWKS is found through its discovery
 *       document, cached, and fetched again when a token names a key id it lacks (see {@link OidcProvider}). A token
 *       verified with one of its keys must carry that issuer as {@code iss}.</li>
 * </ul>
 * A misconfiguration (a short secret, an unreadable or malformed key file) fails construction with a message
 * naming the key, so the deployment stops.
 *
 * <h2>Claims</h2>
 * Checked only once the signature is good: {@code exp} (required unless {@code switchboard.auth.jwt.require-exp}
 * is off) and {@code nbf} against the clock, with {@code switchboard.auth.jwt.clock-skew} of tolerance (RFC 7519
 * sections 4.1.4 and 4.1.5); {@code iss} equal to {@code switchboard.auth.jwt.issuer} and {@code aud} containing
 * {@code switchboard.auth.jwt.audience} when those are set. The user is the string claim
 * {@code switchboard.auth.jwt.user-claim}, or when that is not set MicroProfile JWT's {@code upn} and then
 * {@code sub}; the roles come from {@code switchboard.auth.jwt.roles-claim}, or when that is not set {@code roles}
 * and then MicroProfile JWT's {@code groups}: a JSON array of strings or a string of names separated by spaces or
 * commas, or none when absent.
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

    private static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final Clock clock;
    private final JwtKeys keys;
    private final boolean requireExp;
    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Duration clockSkew;
    /** The claims naming the user, the first present wins. */
    private final List<String> userClaims;
    /** The claims carrying the roles, the first present wins. */
    private final List<String> rolesClaims;

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
        this.keys = new JwtKeys(config, clock);
        this.requireExp = config.getBoolean(ConfigKeys.AUTH_JWT_REQUIRE_EXP, true);
        this.issuer = config.get(ConfigKeys.AUTH_JWT_ISSUER);
        this.audience = config.get(ConfigKeys.AUTH_JWT_AUDIENCE);
        long skew = config.getLong(ConfigKeys.AUTH_JWT_CLOCK_SKEW, DEFAULT_CLOCK_SKEW.toSeconds());
        if (skew < 0) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_CLOCK_SKEW + " must not be negative: " + skew);
        }
        this.clockSkew = Duration.ofSeconds(skew);
        // Unless configured, the MicroProfile JWT names are understood too: upn before sub, groups after roles.
        this.userClaims =
                config.get(ConfigKeys.AUTH_JWT_USER_CLAIM).map(List::of).orElse(List.of("upn", "sub"));
        this.rolesClaims =
                config.get(ConfigKeys.AUTH_JWT_ROLES_CLAIM).map(List::of).orElse(List.of("roles", "groups"));
    }

    /**
     * Tells whether any verification key is configured; without one every token is refused.
     *
     * @return true when a secret, a public key or a JWKS is configured
     */
    public boolean enabled() {
        return keys.enabled();
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
        JwtKeys.Candidate key = verified(jwt, keys.verifiers(algorithm, header.getKeyID()))
                .orElseThrow(() -> new InvalidCredentialException("bad signature"));
        // A token signed by the OpenID Connect provider's key must come from that provider, whatever else is set.
        Optional<String> expectedIssuer = key.issuer().isPresent() ? key.issuer() : issuer;
        return identity(claims(jwt, expectedIssuer));
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

    private static Optional<JwtKeys.Candidate> verified(SignedJWT jwt, List<JwtKeys.Candidate> candidates) {
        for (JwtKeys.Candidate candidate : candidates) {
            try {
                if (jwt.verify(candidate.verifier())) {
                    return Optional.of(candidate);
                }
            } catch (JOSEException | RuntimeException e) {
                // A signature of the wrong shape for this key: not verified by it.
            }
        }
        return Optional.empty();
    }

    private JWTClaimsSet claims(SignedJWT jwt, Optional<String> issuer) throws InvalidCredentialException {
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
        Object user = null;
        for (String claim : userClaims) {
            user = claims.getClaim(claim);
            if (user != null) {
                break;
            }
        }
        if (!(user instanceof String name) || name.isBlank()) {
            throw new InvalidCredentialException("token has no user");
        }
        Set<String> roles = roles(claims);
        Optional<Instant> expiry =
                Optional.ofNullable(claims.getExpirationTime()).map(Date::toInstant);
        return new Identity(name, roles, METHOD, expiry);
    }

    private Set<String> roles(JWTClaimsSet claims) throws InvalidCredentialException {
        Object value = null;
        for (String claim : rolesClaims) {
            value = claims.getClaim(claim);
            if (value == null && claim.indexOf('.') > 0) {
                value = nested(claims.getClaims(), claim.split("\\."));
            }
            if (value != null) {
                break;
            }
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
}
