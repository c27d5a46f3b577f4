package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.RawHandshake;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WildFly under test was prepared by wildfly-config/provision-wildfly.sh, so these prove the scripts: the
 * naming binding Switchboard reads, the datasource it names, and the Undertow WebSocket settings.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyConfigScriptsOnWildFlyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }

    @Test
    void theDatasourceKeyResolvesThroughTheGlobalBindingToAWorkingH2DataSource() {
        JsonObject probe = Http.json(Http.get(http("it/config")).body());

        assertThat(probe.getString("datasource")).isEqualTo("java:jboss/datasources/SwitchboardDS");
        assertThat(probe.containsKey("error"))
                .as("error: %s", probe.get("error"))
                .isFalse();
        assertThat(probe.getString("database")).isEqualTo("H2");
        assertThat(probe.getInt("answer")).isEqualTo(42);
    }

    @Test
    void perMessageDeflateIsNegotiatedWhenTheClientOffersIt() throws Exception {
        RawHandshake.Response response = RawHandshake.send(
                ws(),
                Map.of(
                        "Sec-WebSocket-Protocol",
                        EchoProtocol.NAME,
                        "Sec-WebSocket-Extensions",
                        "permessage-deflate; client_max_window_bits"));

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo(EchoProtocol.NAME);
        assertThat(response.header("Sec-WebSocket-Extensions"))
                .as("response headers %s", response.headers())
                .startsWith("permessage-deflate");
    }

    private URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }

    private URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }
}
