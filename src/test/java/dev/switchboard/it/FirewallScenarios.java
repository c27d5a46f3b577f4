package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.WsProbe;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The firewall as a client sees it, the same on every container: with the SQL injection detector and the flood limit
 * on, an injection in a query string is answered 403 while an ordinary query passes, an injection in a WebSocket
 * message closes that connection with 1008 after ordinary messages were answered, and a connection sending faster than
 * the flood limit is closed with 1008.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FirewallScenarios {

    /** Messages a second one address may send; each test but the flood's stays well below it. */
    static final int FLOOD_MAX = 20;

    /** The firewall's environment. */
    static Map<String, String> firewall() {
        return Map.of(
                "switchboard.firewall.sql-injection.enabled", "true",
                "switchboard.firewall.flood.enabled", "true",
                "switchboard.firewall.flood.max-messages-per-second", String.valueOf(FLOOD_MAX));
    }

    @ArquillianResource
    URL base;

    @Test
    void anInjectionInTheQueryStringIsRefusedWith403AndAnOrdinaryQueryPasses() {
        assertThat(Http.get(http("health?q=1%27%20or%20%271%27%3D%271")).statusCode())
                .isEqualTo(403);
        assertThat(Http.get(http("health?name=O%27Brien&q=select+a+plan")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anInjectionInAWebSocketMessageClosesThatConnectionWith1008() throws Exception {
        try (WsProbe attacker = WsProbe.connect(ws(), EchoProtocol.NAME);
                WsProbe other = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            assertThat(attacker.ask("an ordinary message")).isEqualTo("echo:an ordinary message");

            attacker.send("x' OR 'a'='a");

            assertThat(attacker.awaitClose().code()).isEqualTo(1008);
            assertThat(other.ask("still served")).isEqualTo("echo:still served");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // Last: the limit is per address, and the flood empties this address's allowance.
    void aConnectionSendingFasterThanTheFloodLimitIsClosedWith1008() throws Exception {
        try (WsProbe flooder = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            // The server may close the connection before the last of these is written.
            for (int i = 0; i < FLOOD_MAX * 3 && flooder.sendUnlessClosed("m" + i); i++) {}

            assertThat(flooder.awaitClose().code()).isEqualTo(1008);
        }
    }

    URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }

    URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }
}
