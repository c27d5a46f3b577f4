package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application that uses WildFly's own BASIC login on {@code /container/*}: Switchboard takes the principal the
 * container authenticated (user {@code wfuser} of the ApplicationRealm, roles admin and operator) instead of
 * checking the same Basic header against its own stores, gives the connection an identity with the roles of
 * {@code switchboard.auth.container.roles} the container confirms, and leaves the application's view unchanged.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerLoginOnWildFlyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithContainerLogin();
    }

    private URI http(String path) {
        return AuthScenarios.http(base, path);
    }

    private URI ws(String path) {
        return AuthScenarios.ws(base, path);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(10));
            headers.forEach(request::header);
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theApplicationKeepsTheContainersAnswersBehindSwitchboard() throws Exception {
        assertThat(get("/container/whoami", Map.of()).statusCode()).isEqualTo(401);

        HttpResponse<String> response = get("/container/whoami", AuthScenarios.basic("wfuser", "wf-user-pw1!"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = Http.json(response.body());
        assertThat(seen.getString("user")).isEqualTo("wfuser");
        assertThat(seen.getString("remoteUser")).isEqualTo("wfuser");
        assertThat(seen.getString("authType")).isEqualTo("BASIC");
        assertThat(seen.getBoolean("admin")).isTrue();
        assertThat(seen.getBoolean("operator"))
                .as("a role Switchboard was not told to ask about")
                .isTrue();
        assertThat(seen.getString("method")).isEqualTo("container");
        assertThat(seen.getJsonArray("identityRoles").getValuesAs(JsonString::getString))
                .containsExactly("admin");
    }

    @Test
    void aConnectionTheContainerAuthenticatedCarriesTheConfirmedRoles() throws Exception {
        URI underLogin = ws("/container/");
        try (SgcClient client = SgcClient.connect(underLogin, AuthScenarios.basic("wfuser", "wf-user-pw1!"))) {
            assertThat(AuthScenarios.maySubscribeToStaff(client)).isTrue();
        }
    }

    @Test
    void usersOfSwitchboardsOwnStoresStillConnectWithALoginTicket() throws Exception {
        // The container owns every Basic header once the application configures BASIC (WildFly authenticates
        // proactively), so a user only Switchboard knows comes in with a ticket from its login.
        HttpResponse<String> login = AuthScenarios.login(http("/auth/login"), "itadmin", "it-admin-pw");
        assertThat(login.statusCode()).isEqualTo(200);
        String ticket = Http.json(login.body()).getString("ticket");
        try (SgcClient client = SgcClient.connect(ws("/?ticket=" + ticket))) {
            assertThat(AuthScenarios.maySubscribeToStaff(client)).isTrue();
        }
    }
}
