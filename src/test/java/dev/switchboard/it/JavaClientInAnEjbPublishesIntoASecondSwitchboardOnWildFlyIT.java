package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client inside an application server: an EJB of an application that hosts no Switchboard publishes, on
 * the container's managed executor, into a second Switchboard deployed in the same WildFly (its own WAR, its own
 * hub), and a WebSocket subscriber of that Switchboard receives the message.
 */
@ExtendWith(ArquillianExtension.class)
class JavaClientInAnEjbPublishesIntoASecondSwitchboardOnWildFlyIT {

    private static final String SECOND = "second";
    private static final String PUBLISHER = "client-publisher";

    @ArquillianResource
    @OperateOnDeployment(SECOND)
    URL second;

    @ArquillianResource
    @OperateOnDeployment(PUBLISHER)
    URL publisher;

    @Deployment(name = SECOND, testable = false, order = 1)
    static WebArchive second() {
        return Deployments.secondSwitchboard();
    }

    @Deployment(name = PUBLISHER, testable = false, order = 2)
    static WebArchive publisher() {
        return Deployments.clientPublisher();
    }

    /**
     * Each QoS: at 0 the client's close sends the publication before its close frame and waits for the server's, so
     * even a publication whose future completed when the link merely took it arrives.
     */
    @Test
    void anEjbPublishesAtEachQosThroughTheJavaClientToASubscriberOfTheSecondSwitchboard() throws Exception {
        String channel = "from-ejb-" + UUID.randomUUID();
        try (SgcClient subscriber = SgcClient.connect(ws(second))) {
            subscriber.subscribe(channel);
            for (String qos : new String[] {"0", "1", "2"}) {
                String text = "published by an EJB with QoS " + qos;

                HttpResponse<String> answer = Http.get(publish(ws(second).toString(), channel, text, qos));

                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).as("the client's session id").isNotBlank();
                try {
                    subscriber.expectEvent(channel, text);
                } catch (AssertionError e) {
                    throw new AssertionError(
                            "QoS " + qos + " (client session " + answer.body() + "): " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void anEjbGetsTheClientsErrorWhenNoServerListens() throws Exception {
        HttpResponse<String> answer = Http.get(publish("ws://127.0.0.1:1/", "nowhere", "lost", "1"));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).isNotBlank();
    }

    private URI publish(String url, String channel, String text, String qos) {
        return URI.create(publisher + "client-publish?url=" + encode(url) + "&channel=" + encode(channel) + "&text="
                + encode(text) + "&qos=" + qos);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static URI ws(URL base) {
        return URI.create(base.toString().replaceFirst("^http", "ws"));
    }
}
