package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import javax.net.ssl.SSLContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application that secures {@code /container/*} with WildFly's own {@code CLIENT_CERT} login over the mutual-TLS
 * listener ({@link MutualTls.ListenerAndCertificateLogin}: Elytron maps the verified certificate's CN to a user of a
 * filesystem realm with roles admin and operator). Switchboard takes the principal the container authenticated, as for
 * any container login: the connection's identity is the container's user with the roles of
 * {@code switchboard.auth.container.roles} the container confirms, expiring with the certificate, and the
 * application's servlets keep the container's answers. WildFly logs a certificate in wherever it is presented, not only
 * under the constraint.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(MutualTls.ListenerAndCertificateLogin.class)
class ContainerCertificateLoginBecomesTheIdentityOnWildFlyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithCertificateLogin();
    }

    @Test
    void aWebSocketTheContainerAuthenticatedByCertificateCarriesItsUserAndTheConfirmedRoles() throws Exception {
        String identity = MutualTls.whoAmI(base, "/container/", MutualTls.PKI.client(MutualTls.ALICE));

        assertThat(identity).startsWith("alice|admin|container|");
        // A certificate login expires with the certificate (ten days from now), as a certificate Switchboard maps.
        assertThat(identity).doesNotEndWith("|never");
    }

    @Test
    void outsideTheConstraintTheContainerStillLogsTheCertificateInProactively() throws Exception {
        String identity = MutualTls.whoAmI(base, "/", MutualTls.PKI.client(MutualTls.ALICE));

        assertThat(identity).startsWith("alice|admin|container|").doesNotEndWith("|never");
    }

    @Test
    void theApplicationSeesTheContainersCertificateLoginBehindSwitchboard() throws Exception {
        HttpResponse<String> response = get("/container/whoami", MutualTls.PKI.client(MutualTls.ALICE));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject seen = Http.json(response.body());
        assertThat(seen.getString("user")).isEqualTo("alice");
        assertThat(seen.getString("authType")).isEqualTo("CLIENT_CERT");
        assertThat(seen.getBoolean("admin")).isTrue();
        assertThat(seen.getBoolean("operator"))
                .as("a role Switchboard was not told to ask about")
                .isTrue();
        assertThat(seen.getString("method")).isEqualTo("container");
        assertThat(seen.getJsonArray("identityRoles").getValuesAs(JsonString::getString))
                .containsExactly("admin");
    }

    @Test
    void withoutACertificateTheContainersLoginRefusesTheHandshake() throws Exception {
        SSLContext none = MutualTls.PKI.client(null);

        assertThat(get("/container/whoami", none).statusCode()).isIn(401, 403);
        assertThatThrownBy(() -> MutualTls.whoAmI(base, "/container/", none))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void anExpiredCertificateIsRefusedAtTheHandshakeBeforeAnyLogin() throws Exception {
        SSLContext expired = MutualTls.PKI.client(MutualTls.EXPIRED);

        assertThatThrownBy(() -> get("/container/whoami", expired)).isInstanceOf(java.io.IOException.class);
    }

    private HttpResponse<String> get(String path, SSLContext context) throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Eventually.DEADLINE)
                .build()) {
            return client.send(
                    HttpRequest.newBuilder(MutualTls.https(base, path, "https"))
                            .timeout(Eventually.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
