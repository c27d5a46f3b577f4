package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.RawHandshake;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On Tyrus, Switchboard deploys one endpoint (at {@code /switchboard-upgrade/{token}}) to receive the connections its
 * handshake filter admitted, and Tyrus's own upgrade filter serves every path. With Switchboard's WebSocket paths
 * narrowed to {@code /ws/*}, a handshake sent straight to that endpoint never passes Switchboard's handshake filter:
 * it must be refused, not upgraded, while a handshake on Switchboard's paths still is.
 */
@ExtendWith(ArquillianExtension.class)
class OnlyHandshakesSwitchboardAdmittedAreUpgradedOnPayaraIT {

    @Deployment(testable = false)
    static org.jboss.shrinkwrap.api.spec.WebArchive deployment() {
        return Deployments.warWithWebSocketPaths("/ws/*");
    }

    @ArquillianResource
    URL base;

    @Test
    void aHandshakeOnSwitchboardsPathsIsUpgraded() throws Exception {
        RawHandshake.Response response = RawHandshake.send(ws("ws/"), Map.of());

        assertThat(response.status()).isEqualTo(101);
    }

    @Test
    void aHandshakeSentStraightToTheDeployedEndpointIsRefusedWith403() throws Exception {
        RawHandshake.Response guessed = RawHandshake.send(ws("switchboard-upgrade/guessed"), Map.of());
        RawHandshake.Response token = RawHandshake.send(
                ws("switchboard-upgrade/3f2c7a1e-0b7d-4c55-9d7e-2f0a9b8c6d41"),
                Map.of("Origin", base.toExternalForm().replaceFirst("/[^/]*/?$", "")));

        assertThat(guessed.status()).isEqualTo(403);
        assertThat(token.status()).isEqualTo(403);
    }

    private URI ws(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws") + path);
    }
}
