package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.it.app.UpperProtocol;
import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.RawHandshake;
import dev.switchboard.it.support.WsProbe;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's behaviour as a client sees it, the same on every container. A subclass supplies the deployment
 * (the WAR on Jetty, the EAR on WildFly); {@link #base} is where it was deployed.
 */
@ExtendWith(ArquillianExtension.class)
abstract class GatewayScenarios {

    private static final String UNKNOWN_A = "nope.test.switchboard.dev";
    private static final String UNKNOWN_B = "v0.legacy.example";

    @ArquillianResource
    URL base;

    @Test
    void healthAnswersUpWithVersionUptimeAndConnectionCount() {
        HttpResponse<String> response = Http.get(http("health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonObject health = Http.json(response.body());
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("version")).isNotBlank().isNotEqualTo("unknown");
        assertThat(health.getJsonNumber("uptimeSeconds").longValue()).isNotNegative();
        assertThat(health.getJsonNumber("connections").intValue()).isNotNegative();
    }

    @Test
    void healthCountsAWebSocketWhileItIsOpen() throws Exception {
        awaitConnections(0);
        try (WsProbe probe = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            assertThat(probe.ask("ping")).isEqualTo("echo:ping");
            awaitConnections(1);
        }
        awaitConnections(0);
    }

    @Test
    void offeringASupportedSubprotocolSwitchesProtocolsAndEchoesIt() throws Exception {
        RawHandshake.Response response = RawHandshake.send(ws(), Map.of("Sec-WebSocket-Protocol", EchoProtocol.NAME));

        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo(EchoProtocol.NAME);

        try (WsProbe probe = WsProbe.connect(ws(), UNKNOWN_A, EchoProtocol.NAME)) {
            assertThat(probe.subprotocol()).isEqualTo(EchoProtocol.NAME);
        }
    }

    @Test
    void theClientsOrderWinsWhenItOffersTwoSupportedSubprotocols() throws Exception {
        try (WsProbe upperFirst = WsProbe.connect(ws(), UpperProtocol.NAME, EchoProtocol.NAME);
                WsProbe echoFirst = WsProbe.connect(ws(), EchoProtocol.NAME, UpperProtocol.NAME)) {
            assertThat(upperFirst.subprotocol()).isEqualTo(UpperProtocol.NAME);
            assertThat(upperFirst.ask("hello")).isEqualTo("HELLO");
            assertThat(echoFirst.subprotocol()).isEqualTo(EchoProtocol.NAME);
            assertThat(echoFirst.ask("hello")).isEqualTo("echo:hello");
        }
    }

    @Test
    void offeringOnlyUnsupportedSubprotocolsIsRefusedWith400NamingThem() throws Exception {
        assertThatThrownBy(() -> WsProbe.connect(ws(), UNKNOWN_A, UNKNOWN_B))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        refused ->
                                assertThat(refused.getResponse().statusCode()).isEqualTo(400));

        RawHandshake.Response response =
                RawHandshake.send(ws(), Map.of("Sec-WebSocket-Protocol", UNKNOWN_A + ", " + UNKNOWN_B));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Sec-WebSocket-Protocol")).isNull();
        assertThat(response.body()).contains(UNKNOWN_A, UNKNOWN_B);
    }

    @Test
    void aConnectionOfferingNoSubprotocolReachesThePlainHandler() throws Exception {
        RawHandshake.Response response = RawHandshake.send(ws(), Map.of());
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Protocol")).isNull();

        try (WsProbe probe = WsProbe.connect(ws())) {
            assertThat(probe.subprotocol()).isEmpty();
            assertThat(probe.ask("hi")).isEqualTo("plain:hi");
        }
    }

    @Test
    void theSubprotocolBeanAnswersEveryMessageInOrder() throws Exception {
        try (WsProbe probe = WsProbe.connect(ws(), EchoProtocol.NAME)) {
            for (int i = 0; i < 20; i++) {
                probe.send("m" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(probe.nextMessage()).isEqualTo("echo:m" + i);
            }
        }
    }

    /** An http:// URI under the deployment's context. */
    URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }

    /** The ws:// URI of the deployment's context root, where Switchboard accepts connections. */
    URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }

    int awaitConnections(int expected) {
        return Eventually.await(
                "health to report " + expected + " connection(s)",
                () -> Http.json(Http.get(http("health")).body()).getInt("connections"),
                count -> count == expected);
    }
}
