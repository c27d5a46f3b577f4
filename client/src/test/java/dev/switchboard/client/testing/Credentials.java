package dev.switchboard.client.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Users files and signed tokens for servers with authentication on. */
public final class Credentials {

    /** The HS256 secret test servers verify bearer tokens with. */
    public static final String JWT_SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";

    private Credentials() {}

    /** Adds a user to a users file (few PBKDF2 iterations, so that tests stay fast). */
    public static Path addUser(Path file, String user, String password, String... roles) throws IOException {
        UsersFile.addOrUpdate(file, user, PasswordHashes.hash(password.toCharArray(), 1_000), List.of(roles));
        return file;
    }

    /** An HS256 token for {@code subject}, valid for an hour. */
    public static String token(String subject, String... roles) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                    .claim("roles", List.of(roles))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
