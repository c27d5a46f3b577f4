package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The authentication scenarios on a managed WildFly, deploying the EAR, plus the container realm: user
 * {@code wfuser} exists only in WildFly's ApplicationRealm (added by {@code provision-wildfly.sh
 * --application-user}) and is checked through Elytron by {@code HttpServletRequest.login}.
 */
class AuthOnWildFlyIT extends AuthScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }

    @Test
    void aUserOfTheContainerRealmLogsInWithTheRolesTheContainerGrants() throws Exception {
        HttpResponse<String> login = login("wfuser", "wf-user-pw1!");
        assertThat(login.statusCode()).isEqualTo(200);
        JsonObject body = Http.json(login.body());
        assertThat(body.getString("user")).isEqualTo("wfuser");
        assertThat(body.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("admin");
        try (SgcClient client = SgcClient.connect(ws("/?ticket=" + body.getString("ticket")))) {
            assertThat(maySubscribeToStaff(client)).isTrue();
        }
        try (SgcClient client = SgcClient.connect(ws("/"), basic("wfuser", "wf-user-pw1!"))) {
            assertThat(maySubscribeToStaff(client)).isTrue();
        }
        assertThat(login("wfuser", "wrong").statusCode()).isEqualTo(401);
    }
}
