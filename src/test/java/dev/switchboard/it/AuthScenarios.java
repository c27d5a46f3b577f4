package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Authentication and authorization scenarios run on both containers: the users file (PBKDF2 and bcrypt entries,
 * {@code src/test/resources/auth/users}), login tickets, Basic and Bearer handshakes, and the channel rule
 * {@code staff.*=admin}, all configured by system properties of the container's JVM (see the it module's pom and
 * arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
abstract class AuthScenarios {

    /** The HS256 secret the containers are configured with. */
    static final String JWT_SECRET = "integration-test-secret-0123456789abcdef";

    private static final int FORBIDDEN = -32003;

    @ArquillianResource
    URL base;

    URI http(String path) {
        return http(base, path);
    }

    URI ws(String pathAndQuery) {
        return ws(base, pathAndQuery);
    }

    /** A path of the deployment at {@code base}, over HTTP. */
    static URI http(URL base, String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "") + path);
    }

    /** A path and query of the deployment at {@code base}, over WebSocket. */
    static URI ws(URL base, String pathAndQuery) {
        return URI.create(http(base, pathAndQuery).toString().replaceFirst("^http", "ws"));
    }

    static Map<String, String> basic(String user, String password) {
        return Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    static String token(String secret, String user, Instant expires, List<String> roles) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject(user)
                        .expirationTime(Date.from(expires))
                        .claim("roles", roles)
                        .build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    HttpResponse<String> login(String user, String password) throws Exception {
        return login(http("/auth/login"), user, password);
    }

    /** Posts a JSON login to the given {@code /auth/login} address. */
    static HttpResponse<String> login(URI endpoint, String user, String password) throws Exception {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static int refusedStatus(ExecutionException refusal) {
        assertThat(refusal.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refusal.getCause()).getResponse().statusCode();
    }

    /** Subscribes to a staff channel, which only administrators may do, and tells whether it was allowed. */
    static boolean maySubscribeToStaff(SgcClient client) {
        client.send(SgcClient.subscribe("staff.news", "s1"));
        client.expectAck("s1");
        JsonObject reply = client.next();
        if (reply.containsKey("error")) {
            assertThat(reply.getJsonObject("error").getInt("code")).isEqualTo(FORBIDDEN);
            return false;
        }
        assertThat(reply.getJsonObject("result").getString("channel")).isEqualTo("staff.news");
        return true;
    }

    @Test
    void aLoginTicketOpensOneConnectionWithTheUsersRoles() throws Exception {
        HttpResponse<String> login = login("ituser", "it-user-pw");
        assertThat(login.statusCode()).isEqualTo(200);
        JsonObject body = Http.json(login.body());
        assertThat(body.getString("user")).isEqualTo("ituser");
        String ticket = body.getString("ticket");
        try (SgcClient client = SgcClient.connect(ws("/?ticket=" + ticket))) {
            assertThat(maySubscribeToStaff(client))
                    .as("ituser has no admin role")
                    .isFalse();
        }
        ExecutionException replay = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> SgcClient.connect(ws("/?ticket=" + ticket)).close());
        assertThat(refusedStatus(replay)).isEqualTo(401);
        assertThat(login("ituser", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void basicCredentialsFromABcryptEntryCarryTheAdminRole() throws Exception {
        try (SgcClient client = SgcClient.connect(ws("/"), basic("itadmin", "it-admin-pw"))) {
            assertThat(maySubscribeToStaff(client)).isTrue();
        }
        try (SgcClient anonymous = SgcClient.connect(ws("/"))) {
            assertThat(maySubscribeToStaff(anonymous)).isFalse();
        }
        ExecutionException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> SgcClient.connect(ws("/"), basic("itadmin", "nope")).close());
        assertThat(refusedStatus(wrong)).isEqualTo(401);
    }

    @Test
    void bearerTokensAreVerifiedAndExpiredOrForgedOnesRefused() throws Exception {
        String valid = token(JWT_SECRET, "tokenuser", Instant.now().plusSeconds(600), List.of("admin"));
        try (SgcClient client = SgcClient.connect(ws("/"), Map.of("Authorization", "Bearer " + valid))) {
            assertThat(maySubscribeToStaff(client)).isTrue();
        }
        for (String bad : List.of(
                token(JWT_SECRET, "tokenuser", Instant.now().minusSeconds(600), List.of("admin")),
                token(
                        "some-other-secret-0123456789abcdefghij",
                        "tokenuser",
                        Instant.now().plusSeconds(600),
                        List.of("admin")))) {
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class,
                    () -> SgcClient.connect(ws("/"), Map.of("Authorization", "Bearer " + bad))
                            .close());
            assertThat(refusedStatus(refused)).isEqualTo(401);
        }
    }

    @Test
    void theSgcUrlFormsAuthenticateExistingSgcClients() throws Exception {
        HttpResponse<String> issued = Http.get(http("/sgc/req/auth/session/itadmin/it-admin-pw"));
        assertThat(issued.statusCode()).isEqualTo(200);
        String token = issued.body().strip();
        try (SgcClient client = SgcClient.connect(ws("/sgc/auth/session/" + token))) {
            assertThat(maySubscribeToStaff(client)).isTrue();
        }
        try (SgcClient client = SgcClient.connect(ws("/sgc/auth/url/itadmin/it-admin-pw"))) {
            assertThat(maySubscribeToStaff(client)).isTrue();
        }
        ExecutionException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> SgcClient.connect(ws("/sgc/auth/url/itadmin/wrong")).close());
        assertThat(refusedStatus(wrong)).isEqualTo(401);
    }

    @Test
    void anExpiringTokenIsRefreshedWithoutReconnectingAndAnUnrefreshedOneIsClosed() throws Exception {
        Instant soon = Instant.now().plusSeconds(3);
        String shortToken = token(JWT_SECRET, "tokenuser", soon, List.of("user"));
        try (SgcClient kept = SgcClient.connect(ws("/"), Map.of("Authorization", "Bearer " + shortToken));
                SgcClient dropped = SgcClient.connect(ws("/"), Map.of("Authorization", "Bearer " + shortToken))) {
            // The warning comes at once: less time is left than switchboard.auth.refresh-warning (60 s).
            assertThat(kept.nextResult("sgc@expiring").getJsonObject("result").getString("expiresAt"))
                    .isEqualTo(Instant.ofEpochSecond(soon.getEpochSecond()).toString());
            String longToken = token(JWT_SECRET, "tokenuser", Instant.now().plusSeconds(600), List.of("user"));
            kept.send(SgcClient.request("sgc@refresh").param("token", longToken).id("r1"));
            kept.expectAck("r1");
            assertThat(kept.nextResult("sgc@refresh").getJsonObject("result").getString("user"))
                    .isEqualTo("tokenuser");

            assertThat(dropped.awaitClose().code()).isEqualTo(4500);
            dev.switchboard.it.support.Eventually.await(
                    "the short token's expiry to pass", Instant::now, now -> now.isAfter(soon.plusSeconds(1)));
            kept.send(SgcClient.request("sgc@session"));
            assertThat(kept.nextResult("sgc@session").getJsonObject("result").getString("message"))
                    .isEqualTo(kept.id());
        }
    }
}
