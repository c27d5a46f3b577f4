package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cluster of two kinds of node sharing one Artemis broker and one channel space: a managed WildFly running the EAR
 * (its configuration prepared by {@code provision-wildfly.sh --cluster}, so the EAR's message-driven bean receives
 * the topic through the {@code 40-cluster.cli} resource adapter), and an embedded node started in this JVM, which
 * runs the broker ({@code switchboard.cluster.embedded-broker}) on the port the WildFly configuration names.
 *
 * <p>WildFly boots and deploys before this class starts the embedded node, so WildFly's side first finds no broker:
 * its link reconnects with backoff, and the resource adapter retries the bean's subscription every two seconds. The
 * tests wait for both nodes to report the link up ({@code /health}), and, since the health endpoint does not see
 * the bean's subscription, for a probe publication of the embedded node to reach a WildFly client, before they
 * assert.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyAndEmbeddedNodesShareChannelsOnMixedClusterIT {

    /** A cold broker, WildFly's reconnection backoff and the resource adapter's setup interval, on a loaded machine. */
    private static final Duration LINK_DEADLINE = Duration.ofSeconds(90);

    private static final Duration PROBE_WAIT = Duration.ofMillis(250);

    private static final String EMBEDDED_NODE = "embedded-1";

    private static SwitchboardServer embedded;

    @ArquillianResource
    URL wildfly;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earAsBuilt();
    }

    @BeforeAll
    static void startTheEmbeddedNodeWithTheBroker() throws Exception {
        embedded = embeddedNodeWithTheBroker();
    }

    @AfterAll
    static void stopTheEmbeddedNode() throws Exception {
        if (embedded != null) {
            embedded.stop();
        }
    }

    @BeforeEach
    void bothNodesAreLinkedToTheCluster() {
        JsonObject wildflyCluster = awaitLinked("WildFly", http(wildflyBase(), "health"));
        JsonObject embeddedCluster = awaitLinked("the embedded node", http(embedded.httpUri(), "health"));

        assertThat(embeddedCluster.getString("node")).isEqualTo(EMBEDDED_NODE);
        assertThat(wildflyCluster.getString("node")).isNotEqualTo(EMBEDDED_NODE);
    }

    @Test
    void aPublicationOnWildFlyReachesAClientOfTheEmbeddedNode() throws Exception {
        String channel = "mixed-from-wildfly-" + UUID.randomUUID();
        try (SgcClient onEmbedded = SgcClient.connect(ws(embedded.httpUri()));
                SgcClient onWildFly = SgcClient.connect(ws(wildflyBase()))) {
            onEmbedded.subscribe(channel);

            onWildFly.send(SgcClient.publish(channel, "published on WildFly").id("w1"));
            onWildFly.expectAck("w1");

            onEmbedded.expectEvent(channel, "published on WildFly");
        }
    }

    @Test
    void aPublicationOnTheEmbeddedNodeReachesAClientOfWildFly() throws Exception {
        awaitWildFlysMessageDrivenBeanReceivesTheTopic();
        String channel = "mixed-from-embedded-" + UUID.randomUUID();
        try (SgcClient onWildFly = SgcClient.connect(ws(wildflyBase()));
                SgcClient onEmbedded = SgcClient.connect(ws(embedded.httpUri()))) {
            onWildFly.subscribe(channel);

            onEmbedded.send(
                    SgcClient.publish(channel, "published on the embedded node").id("e1"));
            onEmbedded.expectAck("e1");

            onWildFly.expectEvent(channel, "published on the embedded node");
        }
    }

    /**
     * The broker lives in the embedded node, so restarting that node takes it away under WildFly and brings it back
     * empty: WildFly's resource adapter must subscribe the bean again, and its connection pool must drop the broken
     * connections, without a redeployment.
     */
    @Test
    void bothDirectionsWorkAgainAfterTheBrokerRestarts() throws Exception {
        awaitWildFlysMessageDrivenBeanReceivesTheTopic();
        embedded.stop();
        embedded = embeddedNodeWithTheBroker();
        bothNodesAreLinkedToTheCluster();
        awaitPublicationsCross("WildFly", wildflyBase(), "the embedded node", embedded.httpUri());
        awaitWildFlysMessageDrivenBeanReceivesTheTopic();

        String channel = "mixed-after-restart-" + UUID.randomUUID();
        try (SgcClient onWildFly = SgcClient.connect(ws(wildflyBase()));
                SgcClient onEmbedded = SgcClient.connect(ws(embedded.httpUri()))) {
            onWildFly.subscribe(channel);
            onEmbedded.subscribe(channel);

            onWildFly.send(SgcClient.publish(channel, "from WildFly").id("w2"));
            onWildFly.expectAck("w2");
            onWildFly.expectEvent(channel, "from WildFly");
            onEmbedded.expectEvent(channel, "from WildFly");

            onEmbedded.send(SgcClient.publish(channel, "from the embedded node").id("e2"));
            onEmbedded.expectAck("e2");
            onEmbedded.expectEvent(channel, "from the embedded node");
            onWildFly.expectEvent(channel, "from the embedded node");
        }
    }

    /**
     * Publishes probes on the embedded node until one reaches a WildFly subscriber: the message-driven bean's
     * subscription is made by the resource adapter on its own schedule, and a publication sent before it exists is
     * (rightly) not kept for it.
     */
    private void awaitWildFlysMessageDrivenBeanReceivesTheTopic() throws Exception {
        awaitPublicationsCross("the embedded node", embedded.httpUri(), "WildFly", wildflyBase());
    }

    /** Publishes probes on one node until one reaches a subscriber of the other. */
    private static void awaitPublicationsCross(String fromNode, URI from, String toNode, URI to) throws Exception {
        String probe = "mixed-probe-" + UUID.randomUUID();
        try (SgcClient subscriber = SgcClient.connect(ws(to));
                SgcClient publisher = SgcClient.connect(ws(from))) {
            subscriber.subscribe(probe);
            Eventually.await(
                    "a probe published on " + fromNode + " to reach a client of " + toNode,
                    () -> {
                        publisher.send(SgcClient.publish(probe, "probe"));
                        return subscriber.poll(PROBE_WAIT);
                    },
                    Optional::isPresent,
                    LINK_DEADLINE);
        }
    }

    private static SwitchboardServer embeddedNodeWithTheBroker() throws Exception {
        String port = System.getProperty("switchboard.it.cluster.broker.port");
        assertThat(port)
                .as("switchboard.it.cluster.broker.port (set by the it module)")
                .isNotBlank();
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.CLUSTER_ENABLED, "true")
                .environmentEntry(ConfigKeys.CLUSTER_EMBEDDED_BROKER, "tcp://127.0.0.1:" + port)
                .environmentEntry(ConfigKeys.CLUSTER_NODE_ID, EMBEDDED_NODE)
                .build();
        server.start();
        return server;
    }

    private static JsonObject awaitLinked(String node, URI health) {
        HttpResponse<String> linked = Eventually.await(
                node + " to report its cluster link up at " + health,
                () -> Http.get(health),
                response -> response.statusCode() == 200
                        && Http.json(response.body()).getJsonObject("cluster") != null
                        && Http.json(response.body()).getJsonObject("cluster").getBoolean("linked"),
                LINK_DEADLINE);
        return Http.json(linked.body()).getJsonObject("cluster");
    }

    private URI wildflyBase() {
        return URI.create(wildfly.toExternalForm().replaceFirst("/?$", "/"));
    }

    private static URI http(URI base, String path) {
        return base.resolve(path);
    }

    private static URI ws(URI base) {
        return URI.create(base.toString().replaceFirst("^http", "ws"));
    }
}
