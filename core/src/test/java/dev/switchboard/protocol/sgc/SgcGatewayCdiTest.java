package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.cdi.SwitchboardExtension;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protocol as the container deploys it: bean wiring, the CDI message event and the SgcGateway. */
class SgcGatewayCdiTest {

    @ApplicationScoped
    public static class MessageRecorder {
        private final List<String> received = new CopyOnWriteArrayList<>();

        void on(@Observes SgcMessageEvent event) {
            received.add(event.connection().id() + ":" + event.message());
        }

        public List<String> received() {
            return received;
        }
    }

    private WeldContainer weld;
    private Hub hub;
    private SubprotocolHandler protocol;

    @BeforeEach
    void start() {
        weld = new Weld(UUID.randomUUID().toString())
                .disableDiscovery()
                .addExtension(new SwitchboardExtension())
                .addBeanClasses(SgcHarness.HUB_BEANS)
                .addBeanClasses(
                        SubprotocolRegistry.class,
                        SgcProtocol.class,
                        SgcGateway.class,
                        MessageRecorder.class,
                        SgcTestBeans.Calculator.class)
                .initialize();
        hub = weld.select(Hub.class).get();
        protocol = weld.select(SubprotocolRegistry.class)
                .get()
                .handler(SgcProtocol.NAME)
                .orElseThrow();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    private TestConnection connect() {
        TestConnection connection = new TestConnection(protocol, null);
        hub.register(connection);
        protocol.onOpen(connection);
        connection.take();
        return connection;
    }

    private List<String> send(TestConnection connection, String frame) {
        protocol.onText(connection, frame);
        return connection.take();
    }

    @Test
    void theProtocolIsRegisteredUnderItsToken() {
        assertThat(weld.select(SubprotocolRegistry.class).get().supported()).contains("esegece.com");
        assertThat(weld.select(SgcProtocol.class, Subprotocol.Literal.of(SgcProtocol.NAME))
                        .get()
                        .settings())
                .isEqualTo(SgcSettings.builder().build());
    }

    @Test
    void plainMessagesAreFiredAsCdiEvents() {
        TestConnection client = connect();

        send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":\"Hello\"}}");

        assertThat(weld.select(MessageRecorder.class).get().received()).containsExactly(client.id() + ":Hello");
    }

    @Test
    void rpcCallsReachTheApplicationBean() {
        TestConnection client = connect();

        assertThat(send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":20,\"b\":22}," + "\"id\":\"1\"}"))
                .last()
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":42},\"qos\":\"qosLevel0\",\"id\":\"1\"}");
    }

    @Test
    void theGatewayPublishesWithAQueueSendsAndBroadcasts() {
        SgcGateway gateway = weld.select(SgcGateway.class).get();
        TestConnection early = connect();
        send(early, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"alerts\"}}");

        assertThat(gateway.publish("alerts", "fire", QueueLevel.LEVEL2)).isEqualTo(1);
        assertThat(early.take()).containsExactly(SgcHarness.event("alerts", "fire"));

        TestConnection late = connect();
        assertThat(send(late, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"alerts\"}}"))
                .endsWith(SgcHarness.event("alerts", "fire"));

        assertThat(gateway.send(late.id(), "just you")).isTrue();
        assertThat(late.take())
                .containsExactly("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@message\","
                        + "\"channel\":\"\",\"message\":\"just you\"}}");

        assertThat(gateway.broadcast("all of alerts", Audience.channel("alerts")))
                .isEqualTo(2);
        assertThat(early.take())
                .containsExactly("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@message\","
                        + "\"channel\":\"alerts\",\"message\":\"all of alerts\"}}");
    }
}
