package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.it.app.PlainMessages;
import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.RawWebSocket;
import dev.switchboard.it.support.WsProbe;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Gateway.close} and {@code Gateway.abort} of one WebSocket, through the admin REST API, as a client reading
 * the raw frames sees them: a close is a close frame with the code and reason; an abort is what the container can
 * do ({@link #abortSeenByTheClient()}). Either way the server forgets the connection and the others keep working.
 */
@ExtendWith(ArquillianExtension.class)
abstract class EndingOneConnectionScenarios {

    private static final Map<String, String> ADMIN = Map.of(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString("itadmin:it-admin-pw".getBytes(StandardCharsets.UTF_8)),
            "X-Switchboard-Admin",
            "1");

    @ArquillianResource
    URL base;

    /**
     * The close code the client reports after an abort.
     *
     * @return 1006 where the container cuts the connection, the 1008 close frame where it cannot
     */
    abstract int abortSeenByTheClient();

    @Test
    void anAbortEndsTheConnectionAsTheContainerCanAndTheOthersKeepWorking() throws Exception {
        try (RawWebSocket target = RawWebSocket.connect(ws(), Map.of());
                WsProbe bystander = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            String id = idOf(target);

            HttpResponse<String> aborted = admin("connections/" + encode(id) + "/abort", "{}");

            assertThat(aborted.statusCode()).as(aborted.body()).isEqualTo(204);
            assertThat(target.closeCode()).isEqualTo(abortSeenByTheClient());
            awaitForgotten(id);
            assertThat(bystander.ask("still there?")).isEqualTo("echo:still there?");
            assertThat(admin("connections/" + encode(id) + "/abort", "{}").statusCode())
                    .as("a second abort of the same connection")
                    .isEqualTo(404);
        }
    }

    @Test
    void aCloseEndsTheConnectionWithACloseFrameAndTheOthersKeepWorking() throws Exception {
        try (RawWebSocket target = RawWebSocket.connect(ws(), Map.of());
                WsProbe bystander = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            String id = idOf(target);

            HttpResponse<String> closed =
                    admin("connections/" + encode(id) + "/close", "{\"code\":4321,\"reason\":\"closed\"}");

            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(204);
            assertThat(target.closeCode()).isEqualTo(4321);
            awaitForgotten(id);
            assertThat(bystander.ask("still there?")).isEqualTo("echo:still there?");
        }
    }

    private static String idOf(RawWebSocket socket) throws Exception {
        socket.sendText(PlainMessages.WHOAMI);
        String answer = socket.nextText();
        assertThat(answer).startsWith("id:");
        return answer.substring("id:".length());
    }

    private void awaitForgotten(String id) {
        Eventually.await(
                "the server to forget " + id,
                () -> Http.send(adminRequest("connections/" + encode(id)).GET()).statusCode(),
                status -> status == 404);
    }

    private HttpResponse<String> admin(String path, String json) {
        return Http.send(adminRequest(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder adminRequest(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(AuthScenarios.http(base, "/admin/api/" + path));
        ADMIN.forEach(request::header);
        return request;
    }

    private URI ws() {
        return AuthScenarios.ws(base, "/");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
