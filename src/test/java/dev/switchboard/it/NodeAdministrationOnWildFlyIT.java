package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.it.app.PlainMessages;
import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.WsProbe;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node administration EJB on WildFly acts on the connections the WAR accepted: the EJB module and the WAR
 * share core's registry through the EAR's {@code lib/}. Driven through a test-only servlet that calls the EJB.
 */
@ExtendWith(ArquillianExtension.class)
class NodeAdministrationOnWildFlyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }

    @Test
    void disconnectAllClosesEveryOpenWebSocketWithTheGivenCodeAndReason() throws Exception {
        try (WsProbe echo = WsProbe.connect(ws(), EchoProtocol.NAME);
                WsProbe plain = WsProbe.connect(ws())) {
            awaitOpenConnections(2);

            HttpResponse<String> response = Http.post(http("it/admin/disconnect-all?code=4000&reason=maintenance"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("2");
            assertThat(echo.awaitClose()).isEqualTo(new WsProbe.Close(4000, "maintenance"));
            assertThat(plain.awaitClose()).isEqualTo(new WsProbe.Close(4000, "maintenance"));
        }
        awaitOpenConnections(0);
    }

    @Test
    void disconnectClosesOnlyTheNamedConnection() throws Exception {
        try (WsProbe target = WsProbe.connect(ws());
                WsProbe bystander = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            String id = target.ask(PlainMessages.WHOAMI).substring("id:".length());

            HttpResponse<String> response = Http.post(http("it/admin/disconnect?id=" + id + "&code=4501&reason=bye"));

            assertThat(response.body()).isEqualTo("true");
            assertThat(target.awaitClose()).isEqualTo(new WsProbe.Close(4501, "bye"));
            assertThat(bystander.ask("still there?")).isEqualTo("echo:still there?");
            awaitOpenConnections(1);
            assertThat(Http.post(http("it/admin/disconnect?id=" + id + "&code=4501&reason=again"))
                            .body())
                    .isEqualTo("false");
        }
    }

    @Test
    void aCloseCodeThatMayNotBeSentIsRefusedAndClosesNothing() throws Exception {
        try (WsProbe probe = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            awaitOpenConnections(1);

            HttpResponse<String> response = Http.post(http("it/admin/disconnect-all?code=1006&reason=x"));

            // IllegalArgumentException is declared an application exception, so it reaches the caller unwrapped.
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .startsWith("java.lang.IllegalArgumentException")
                    .contains("1006");
            assertThat(probe.ask("after")).isEqualTo("echo:after");
        }
    }

    private int awaitOpenConnections(int expected) {
        return Eventually.await(
                "the EJB to count " + expected + " open connection(s)",
                () -> Integer.parseInt(Http.get(http("it/admin/connections")).body()),
                count -> count == expected);
    }

    private URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }

    private URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }
}
