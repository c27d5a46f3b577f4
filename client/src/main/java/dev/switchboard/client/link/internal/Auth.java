package dev.switchboard.client.link.internal;

import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.link.LinkCredential;
import dev.switchboard.client.link.LinkTransport;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/** Applies a {@link LinkAuth} to one attempt: headers, a login and its ticket, or an sgc URL form. */
final class Auth {

    /** The largest login answer read: a ticket answer is a few hundred bytes. */
    private static final int MAX_ANSWER = 16 * 1024;

    private final LinkAuth auth;
    private final HttpClient http;
    private final Duration timeout;

    Auth(LinkAuth auth, HttpClient http, Duration timeout) {
        this.auth = auth;
        this.http = http;
        this.timeout = timeout;
    }

    /** The URL and headers of one attempt. */
    record Prepared(URI uri, Map<String, List<String>> headers) {}

    /** A login the server refused or that could not be made. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final boolean terminal;

        Refused(String message, int status, boolean terminal) {
            super(message);
            this.status = status;
            this.terminal = terminal;
        }
    }

    Prepared prepare(Endpoints endpoints, LinkTransport kind) throws Refused {
        URI plain = kind == LinkTransport.SSE ? endpoints.sse() : endpoints.ws();
        return switch (auth) {
            case LinkAuth.None none -> new Prepared(plain, Map.of());
            case LinkAuth.Basic basic ->
                new Prepared(plain, Map.of("Authorization", List.of(basicHeader(basic.user(), basic.password()))));
            case LinkAuth.Bearer bearer ->
                new Prepared(plain, Map.of("Authorization", List.of("Bearer " + token(bearer))));
            case LinkAuth.Ticket ticket ->
                new Prepared(Endpoints.withQuery(plain, "ticket", login(endpoints, ticket)), Map.of());
            case LinkAuth.SgcSession session -> {
                String prefix = "sgc/auth/session/" + Endpoints.segment(sgcToken(endpoints, session)) + "/";
                yield new Prepared(
                        kind == LinkTransport.SSE ? endpoints.sseUnder(prefix) : endpoints.wsUnder(prefix), Map.of());
            }
            case LinkAuth.SgcUrl url -> {
                String prefix =
                        "sgc/auth/url/" + Endpoints.segment(url.user()) + "/" + Endpoints.segment(url.password()) + "/";
                yield new Prepared(
                        kind == LinkTransport.SSE ? endpoints.sseUnder(prefix) : endpoints.wsUnder(prefix), Map.of());
            }
        };
    }

    Optional<LinkCredential> fresh(Endpoints endpoints) {
        try {
            return switch (auth) {
                case LinkAuth.Bearer bearer -> Optional.of(new LinkCredential("token", token(bearer)));
                case LinkAuth.Ticket ticket -> Optional.of(new LinkCredential("ticket", login(endpoints, ticket)));
                case LinkAuth.SgcSession session ->
                    Optional.of(new LinkCredential("ticket", sgcToken(endpoints, session)));
                default -> Optional.empty();
            };
        } catch (Refused refused) {
            throw new IllegalStateException(refused.getMessage(), refused);
        }
    }

    private static String token(LinkAuth.Bearer bearer) throws Refused {
        String token;
        try {
            token = bearer.token().get();
        } catch (RuntimeException e) {
            throw new Refused("the bearer token supplier failed: " + e, 0, false);
        }
        if (token == null || token.isBlank()) {
            throw new Refused("the bearer token supplier gave no token", 0, false);
        }
        return token;
    }

    private String login(Endpoints endpoints, LinkAuth.Ticket ticket) throws Refused {
        String body = Json.createObjectBuilder()
                .add("user", ticket.user())
                .add("password", ticket.password())
                .build()
                .toString();
        ContentResponse response = exchange(http.newRequest(endpoints.login())
                .method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8)));
        if (response.getStatus() != 200) {
            throw refusal("login", response);
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.getContentAsString()))) {
            JsonObject answer = reader.readObject();
            if (answer.get("ticket") instanceof JsonString value
                    && !value.getString().isEmpty()) {
                return value.getString();
            }
        } catch (JsonException | IllegalStateException e) {
            // Reported below, as an answer without a ticket.
        }
        throw new Refused("login answered without a ticket", response.getStatus(), false);
    }

    private String sgcToken(Endpoints endpoints, LinkAuth.SgcSession session) throws Refused {
        ContentResponse response =
                exchange(http.newRequest(endpoints.sgcSessionLogin(session.user(), session.password())));
        if (response.getStatus() != 200) {
            throw refusal("sgc session login", response);
        }
        String token = response.getContentAsString().trim();
        if (token.isEmpty()) {
            throw new Refused("sgc session login answered no token", 200, false);
        }
        return token;
    }

    private ContentResponse exchange(Request request) throws Refused {
        request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return new CompletableResponseListener(request, MAX_ANSWER)
                    .send()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("login interrupted", 0, false);
        } catch (ExecutionException | TimeoutException e) {
            Throwable root = WebSocketTransport.rootCause(WebSocketTransport.unwrap(e));
            throw new Refused("login failed: " + WebSocketTransport.describe(root), 0, false);
        }
    }

    private static Refused refusal(String what, ContentResponse response) {
        int status = response.getStatus();
        String body = response.getContentAsString();
        if (body.length() > 200) {
            body = body.substring(0, 200);
        }
        // A wrong password stays wrong; any other refusal (429, 5xx, a proxy's 403) may pass later.
        return new Refused(what + " refused: HTTP " + status + " " + body.strip(), status, status == 401);
    }

    static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
