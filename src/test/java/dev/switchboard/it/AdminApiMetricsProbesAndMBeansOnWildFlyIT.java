package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Eventually;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import dev.switchboard.it.support.WsProbe;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operations features on a real WildFly, with the EAR as built: {@code /metrics} in the Prometheus text format
 * with Switchboard's meters for a client that connected and published; the admin REST API listing that connection and
 * closing it; the probes {@code /health/live} and {@code /health/ready}; the {@code dev.switchboard:type=Node} and
 * {@code type=Drain} MBeans in WildFly's platform MBean server (read and operated in the server through a test
 * servlet, as a JMX console would); and a drain, started through the API or the MBean, turning readiness to 503.
 *
 * <p>Access on WildFly as deployed here: the admin API needs the role {@code admin} from any address
 * ({@code switchboard.admin.allow=*}), which the users file of the IT configuration gives {@code itadmin}; the
 * metrics answer loopback peers without a forwarding header ({@code switchboard.metrics.access=loopback}), which the
 * test is.
 */
@ExtendWith(ArquillianExtension.class)
class AdminApiMetricsProbesAndMBeansOnWildFlyIT {

    private static final Map<String, String> ADMIN = Map.of(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString("itadmin:it-admin-pw".getBytes(StandardCharsets.UTF_8)));

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithMBeanProbe();
    }

    @Test
    void metricsAnswerPrometheusTextWithTheMetersOfAClientThatConnectedAndPublished() throws Exception {
        try (SgcClient client = SgcClient.connect(ws())) {
            client.send(SgcClient.subscribe("ops-metrics", "s1"));
            awaitRaw(client, "sgc@subscribe");
            client.send(SgcClient.publish("ops-metrics", "hello from the metrics test"));
            awaitRaw(client, "hello from the metrics test");

            String sgc = "transport=\"websocket\"";
            // One reading of the connections serves the scrapes of switchboard.metrics.reading-ttl (1 s): a scrape
            // right after the publish may still show the reading taken before the client connected.
            HttpResponse<String> metrics = Eventually.await(
                    "a scrape showing the client's connection and messages",
                    () -> Http.get(http("metrics")),
                    scrape -> scrape.statusCode() == 200
                            && value(scrape.body(), "switchboard_connections", sgc, "subprotocol=\"esegece.com\"") >= 1
                            && value(
                                            scrape.body(),
                                            "switchboard_messages_received_total",
                                            sgc,
                                            "subprotocol=\"esegece.com\"")
                                    >= 2);

            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(value(metrics.body(), "switchboard_connections", sgc, "subprotocol=\"esegece.com\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(
                            metrics.body(), "switchboard_connections_opened_total", sgc, "subprotocol=\"esegece.com\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics.body(), "switchboard_messages_received_total", sgc, "subprotocol=\"esegece.com\""))
                    .as("the subscribe and the publish")
                    .isGreaterThanOrEqualTo(2);
            assertThat(value(metrics.body(), "switchboard_messages_sent_total", sgc, "subprotocol=\"esegece.com\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics.body()).contains("# TYPE switchboard_publish_to_enqueue_seconds histogram");

            HttpResponse<String> proxied =
                    Http.send(HttpRequest.newBuilder(http("metrics")).header("X-Forwarded-For", "203.0.113.7"));
            assertThat(proxied.statusCode())
                    .as("a request through a proxy is refused in loopback mode")
                    .isEqualTo(403);
        }
    }

    @Test
    void theAdminApiListsTheConnectionAndClosesItAndTheClientSeesTheClose() throws Exception {
        HttpResponse<String> anonymous = Http.get(http("admin/api/stats"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Basic realm="));
        HttpResponse<String> fromScript =
                Http.send(HttpRequest.newBuilder(http("admin/api/stats")).header("Sec-Fetch-Mode", "cors"));
        assertThat(fromScript.statusCode()).isEqualTo(401);
        assertThat(fromScript.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Session realm="));

        try (SgcClient target = SgcClient.connect(ws());
                SgcClient bystander = SgcClient.connect(ws())) {
            JsonObject listed = Eventually.await(
                    "the admin API to list " + target.id(),
                    () -> Http.json(admin("GET", "admin/api/connections?q=" + encode(target.id()), null)
                            .body()),
                    page -> page.getInt("total") == 1);
            JsonObject item = listed.getJsonArray("items").getJsonObject(0);
            assertThat(item.getString("id")).isEqualTo(target.id());
            assertThat(item.getString("transport")).isEqualTo("websocket");
            assertThat(item.getString("subprotocol")).isEqualTo(SgcClient.PROTOCOL);
            JsonObject stats = Http.json(admin("GET", "admin/api/stats", null).body());
            assertThat(stats.getJsonObject("connections").getInt("websocket")).isGreaterThanOrEqualTo(2);

            HttpResponse<String> closed = admin(
                    "POST",
                    "admin/api/connections/" + encode(target.id()) + "/close",
                    "{\"code\":4321,\"reason\":\"closed on WildFly\"}");

            assertThat(closed.statusCode()).as(closed.body()).isBetween(200, 204);
            assertThat(target.awaitClose()).isEqualTo(new WsProbe.Close(4321, "closed on WildFly"));
            Eventually.await(
                    "the admin API to forget " + target.id(),
                    () -> admin("GET", "admin/api/connections/" + encode(target.id()), null)
                            .statusCode(),
                    status -> status == 404);
            assertThat(admin("GET", "admin/api/connections/" + encode(bystander.id()), null)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void theLivenessAndReadinessProbesAnswerUp() {
        for (String probe : List.of("health/live", "health/ready")) {
            HttpResponse<String> answer = Http.get(http(probe));
            assertThat(answer.statusCode()).as(probe + ": " + answer.body()).isEqualTo(200);
            assertThat(Http.json(answer.body()).getString("status")).as(probe).isEqualTo("UP");
        }
    }

    @Test
    void theNodeAndDrainMBeansAreInThePlatformServerAndTheirAttributesAndOperationsWork() throws Exception {
        // The MBeans are named after the web application's context path, "/" for the root context.
        String path = URI.create(base.toExternalForm()).getPath().replaceFirst("/$", "");
        String context = path.isEmpty() ? "/" : path;
        String node = "dev.switchboard:type=Node,context=\"" + context + "\"";
        String drain = "dev.switchboard:type=Drain,context=\"" + context + "\"";
        assertThat(Http.get(probe("?pattern=" + encode("dev.switchboard:type=Node,*")))
                        .body()
                        .lines())
                .containsExactly(node);
        assertThat(Http.get(probe("?pattern=" + encode("dev.switchboard:type=Drain,*")))
                        .body()
                        .lines())
                .containsExactly(drain);
        assertThat(attribute(node, "NodeId")).isNotBlank().isNotEqualTo("null");
        assertThat(attribute(node, "Version")).isNotBlank().isNotEqualTo("null");

        try (SgcClient client = SgcClient.connect(ws())) {
            Eventually.await(
                    "the Node MBean to count the connection",
                    () -> Long.parseLong(attribute(node, "WebSocketConnections")),
                    count -> count >= 1);
            assertThat(Long.parseLong(attribute(node, "Connections"))).isGreaterThanOrEqualTo(1);
            assertThat(attribute(node, "SseConnections")).isEqualTo("0");

            HttpResponse<String> badCode = invoke(node, "closeConnection", client.id(), "999", "bad");
            assertThat(badCode.statusCode()).isEqualTo(400);
            assertThat(badCode.body()).startsWith("java.lang.IllegalArgumentException");
            assertThat(invoke(node, "closeConnection", "no-such-connection", "1000", "x")
                            .body())
                    .isEqualTo("false");
            assertThat(invoke(node, "closeConnection", client.id(), "4200", "from jconsole")
                            .body())
                    .isEqualTo("true");
            assertThat(client.awaitClose()).isEqualTo(new WsProbe.Close(4200, "from jconsole"));
        }

        assertThat(attribute(drain, "Draining")).isEqualTo("false");
        assertThat(attribute(drain, "StartedBy")).isEqualTo("null");
        try {
            assertThat(invoke(drain, "startDrain", "600").body()).isEqualTo("true");
            assertThat(attribute(drain, "Draining")).isEqualTo("true");
            assertThat(attribute(drain, "StartedBy")).isEqualTo("jmx");
            assertThat(attribute(drain, "Since")).isNotEqualTo("null");
            assertThat(attribute(drain, "Deadline")).isNotEqualTo("null");
            assertThat(invoke(drain, "startDrain", "600").body())
                    .as("a second start while draining")
                    .isEqualTo("false");
            assertNotReady();
            assertThat(refusedHandshakeStatus())
                    .as("a handshake while draining")
                    .isEqualTo(503);
        } finally {
            invoke(drain, "cancelDrain");
        }
        assertThat(attribute(drain, "Draining")).isEqualTo("false");
        assertReadyAgain();
    }

    @Test
    void aDrainStartedThroughTheAdminApiTurnsReadinessTo503UntilItIsCancelled() {
        try {
            HttpResponse<String> started = admin("POST", "admin/api/drain", "{\"seconds\":600}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            JsonObject state = Http.json(admin("GET", "admin/api/drain", null).body());
            assertThat(state.getBoolean("draining")).isTrue();
            assertThat(state.getString("startedBy")).isEqualTo("itadmin");
            assertNotReady();
            HttpResponse<String> live = Http.get(http("health/live"));
            assertThat(live.statusCode()).as("a draining node is alive").isEqualTo(200);
        } finally {
            assertThat(admin("DELETE", "admin/api/drain", null).statusCode()).isEqualTo(204);
        }
        assertReadyAgain();
    }

    private void assertNotReady() {
        HttpResponse<String> ready = Http.get(http("health/ready"));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(Http.json(ready.body()).getString("status")).isEqualTo("DOWN");
    }

    private void assertReadyAgain() {
        Eventually.await(
                "readiness after the drain is cancelled",
                () -> Http.get(http("health/ready")).statusCode(),
                status -> status == 200);
    }

    /** The status with which a handshake is refused; fails when the handshake is accepted. */
    private int refusedHandshakeStatus() {
        try (WsProbe probe = WsProbe.connect(ws(), SgcClient.PROTOCOL)) {
            throw new AssertionError("A handshake was accepted while draining");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("The handshake failed without an answer", e.getCause());
        }
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        ADMIN.forEach(request::header);
        if (!method.equals("GET")) {
            request.header("X-Switchboard-Admin", "1");
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request);
    }

    private String attribute(String name, String attribute) {
        HttpResponse<String> answer =
                Http.get(probe("/attribute?name=" + encode(name) + "&attribute=" + encode(attribute)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> invoke(String name, String operation, String... args) {
        StringBuilder query = new StringBuilder("/invoke?name=" + encode(name) + "&operation=" + encode(operation));
        for (String arg : args) {
            query.append("&arg=").append(encode(arg));
        }
        return Http.post(probe(query.toString()));
    }

    /** A sample's value: the first line of the metric whose labels contain every given {@code name="value"}. */
    private static double value(String exposition, String metric, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$");
        return exposition
                .lines()
                .map(sample::matcher)
                .filter(java.util.regex.Matcher::matches)
                .filter(m ->
                        List.of(labels).stream().allMatch(label -> m.group(1).contains(label)))
                .map(m -> Double.parseDouble(m.group(2)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No sample of " + metric + " with " + List.of(labels)));
    }

    /** Reads frames until one contains the fragment; each read waits up to the deadline, ten frames at most. */
    private static void awaitRaw(SgcClient client, String fragment) {
        for (int i = 0; i < 10; i++) {
            if (client.nextRaw().contains(fragment)) {
                return;
            }
        }
        throw new AssertionError("No frame with " + fragment + " among the next ten");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private URI probe(String rest) {
        return http("it/mbeans" + rest);
    }

    private URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }

    private URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }
}
