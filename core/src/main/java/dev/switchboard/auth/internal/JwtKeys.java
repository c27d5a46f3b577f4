package dev.switchboard.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys bearer tokens are verified with ({@code switchboard.auth.jwt.secret}, {@code .public-key} and
 * {@code .jwks}, described at {@link JwtVerifier}): loaded and checked once at startup, so that a misconfiguration
 * fails the deployment with a message naming the key, and the JWKS read again whenever its file changes.
 *
 * <p>Immutable apart from the JWKS it re-reads; thread-safe.
 */
final class JwtKeys {

    private static final System.Logger LOG = System.getLogger(JwtKeys.class.getName());
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final Optional<MACVerifier> hmac;
    private final Optional<PublicKey> publicKey;
    private final Optional<Path> jwksFile;
    private final Optional<OidcProvider> oidc;
    private final ReentrantLock jwksLock = new ReentrantLock();
    private volatile Jwks jwks;

    /** The JWKS as last read, and the file's version then. */
    private record Jwks(Optional<FileVersion> version, List<JWK> keys) {}

    /**
     * Loads the configured keys.
     *
     * @param config the configuration
     * @throws IllegalArgumentException when a secret is shorter than 32 bytes or a key file cannot be read or parsed
     */
    JwtKeys(ConfigReader config, Clock clock) {
        this.oidc = OidcProvider.configured(config, clock);
        this.hmac = config.get(ConfigKeys.AUTH_JWT_SECRET).map(JwtKeys::hmac);
        this.publicKey =
                config.get(ConfigKeys.AUTH_JWT_PUBLIC_KEY).map(Path::of).map(JwtKeys::readPem);
        this.jwksFile = config.get(ConfigKeys.AUTH_JWT_JWKS).map(Path::of);
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

    /** Whether any key is configured; without one every token is refused. */
    boolean enabled() {
        return hmac.isPresent() || publicKey.isPresent() || jwksFile.isPresent() || oidc.isPresent();
    }

    /**
     * A key that may have signed a token.
     *
     * @param verifier checks the signature
     * @param issuer   the {@code iss} a token it verifies must carry: the OpenID Connect provider's for its keys,
     *                 empty for the configured keys (whose tokens {@code switchboard.auth.jwt.issuer} governs)
     */
    record Candidate(JWSVerifier verifier, Optional<String> issuer) {}

    /**
     * The verifiers that may check a token's signature: for HS256 the secret alone; for RS256 and ES256 the key of
     * the token's {@code kid} in the JWKS, or, without a {@code kid} (or without a JWKS), every configured key that
     * fits the algorithm.
     *
     * @param algorithm the token's algorithm, one of HS256, RS256 and ES256
     * @param keyId     the token's {@code kid}, or null
     * @return at least one verifier
     * @throws InvalidCredentialException when no key fits, or the {@code kid} is unknown
     */
    List<Candidate> verifiers(JWSAlgorithm algorithm, String keyId) throws InvalidCredentialException {
        List<Candidate> verifiers = new ArrayList<>();
        if (algorithm.equals(JWSAlgorithm.HS256)) {
            hmac.ifPresent(mac -> verifiers.add(new Candidate(mac, Optional.empty())));
            if (verifiers.isEmpty()) {
                throw new InvalidCredentialException("no key for HS256");
            }
            return verifiers;
        }
        boolean rsa = algorithm.equals(JWSAlgorithm.RS256);
        try {
            // With a JWKS, a kid names the one key to use; the PEM key serves tokens without one (or every token
            // when there is no JWKS, since issuers often set a kid that nothing here would know).
            boolean keySets = jwksFile.isPresent() || oidc.isPresent();
            if (publicKey.isPresent() && (keyId == null || !keySets)) {
                PublicKey key = publicKey.get();
                if (rsa && key instanceof RSAPublicKey rsaKey) {
                    verifiers.add(new Candidate(new RSASSAVerifier(rsaKey), Optional.empty()));
                } else if (!rsa && key instanceof ECPublicKey ecKey && isP256(ecKey)) {
                    verifiers.add(new Candidate(new ECDSAVerifier(ecKey), Optional.empty()));
                }
            }
            if (keySets) {
                List<JWK> fileKeys = jwksFile.isPresent() ? currentJwks() : List.of();
                List<JWK> providerKeys = List.of();
                if (oidc.isPresent()) {
                    providerKeys = oidc.get().keys();
                    // A key id neither set has: the provider may have rotated its keys since they were fetched.
                    if (keyId != null && !hasKeyId(fileKeys, keyId) && !hasKeyId(providerKeys, keyId)) {
                        providerKeys = oidc.get().keysAfterUnknownKeyId();
                    }
                }
                boolean kidKnown = hasKeyId(fileKeys, keyId) || hasKeyId(providerKeys, keyId);
                if (keyId != null && !kidKnown) {
                    throw new InvalidCredentialException("unknown key id");
                }
                addVerifiers(verifiers, fileKeys, algorithm, keyId, Optional.empty());
                if (oidc.isPresent()) {
                    addVerifiers(
                            verifiers,
                            providerKeys,
                            algorithm,
                            keyId,
                            Optional.of(oidc.get().issuer()));
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

    private static boolean hasKeyId(List<JWK> keys, String keyId) {
        for (JWK jwk : keys) {
            if (keyId != null && keyId.equals(jwk.getKeyID())) {
                return true;
            }
        }
        return false;
    }

    /** Adds a verifier for each key of a set that fits the algorithm and, when the token names one, its key id. */
    private static void addVerifiers(
            List<Candidate> verifiers, List<JWK> keys, JWSAlgorithm algorithm, String keyId, Optional<String> issuer)
            throws JOSEException {
        boolean rsa = algorithm.equals(JWSAlgorithm.RS256);
        for (JWK jwk : keys) {
            if ((keyId != null && !keyId.equals(jwk.getKeyID())) || !fitsSignature(jwk, algorithm)) {
                continue;
            }
            if (rsa && jwk instanceof RSAKey rsaKey) {
                verifiers.add(new Candidate(new RSASSAVerifier(rsaKey.toRSAPublicKey()), issuer));
            } else if (!rsa && jwk instanceof ECKey ecKey && Curve.P_256.equals(ecKey.getCurve())) {
                verifiers.add(new Candidate(new ECDSAVerifier(ecKey.toECPublicKey()), issuer));
            }
        }
    }

    private static boolean fitsSignature(JWK jwk, JWSAlgorithm algorithm) {
        boolean useFits = jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse());
        boolean algorithmFits = jwk.getAlgorithm() == null || algorithm.equals(jwk.getAlgorithm());
        return useFits && algorithmFits;
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
        if (bytes.length < JwtVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_JWT_SECRET + " is " + bytes.length
                    + " bytes long; HS256 needs a secret of at least " + JwtVerifier.MIN_SECRET_BYTES
                    + " bytes (256 bits)");
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
