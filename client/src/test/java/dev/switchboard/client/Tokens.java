package dev.switchboard.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 bearer tokens the test servers accept. */
public final class Tokens {

    /** The test servers' shared secret ({@code switchboard.auth.jwt.secret}). */
    public static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";

    private Tokens() {}

    /** A token for {@code subject}, valid until {@code expires}. */
    public static String token(String subject, Instant expires) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .expirationTime(Date.from(expires))
                    .claim("roles", List.of("user"))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
