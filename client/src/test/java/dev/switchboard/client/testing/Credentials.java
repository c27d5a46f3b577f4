package dev.switchboard.client.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Users files and signed tokens for servers with authentication on. */
public final class Credentials {

    /** The HS256 secret test servers verify bearer tokens with. */
    public static final String JWT_SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";

    private Credentials() {}

    /**
     * Appends a user to a users file in its documented format ({@code user:hash:roles}, docs/authentication.md),
     * with a bcrypt hash of the lowest cost so that tests stay fast.
     */
    public static Path addUser(Path file, String user, String password, String... roles) throws IOException {
        String hash = BCrypt.withDefaults().hashToString(4, password.toCharArray());
        Files.writeString(
                file,
                user + ":" + hash + ":" + String.join(",", roles) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
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
