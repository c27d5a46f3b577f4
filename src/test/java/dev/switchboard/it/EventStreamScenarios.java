package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.it.support.EventStream;
import dev.switchboard.it.support.Http;
import dev.switchboard.it.support.SgcClient;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-Sent Events as a client sees them, the same on every container: a stream of a channel receives what an sgc
 * WebSocket client publishes there, and a stream of a subprotocol has its POSTed messages answered by that
 * subprotocol's handler over the stream.
 */
@ExtendWith(ArquillianExtension.class)
abstract class EventStreamScenarios {

    @ArquillianResource
    URL base;

    @Test
    void aPublicationOverAWebSocketReachesTheEventStreamsOfItsChannel() throws Exception {
        try (EventStream stream = EventStream.open(http("sse/it.sse"));
                SgcClient publisher = SgcClient.connect(ws())) {
            // The stream's id-only block or a heartbeat may come first; the publication is the first unnamed event.
            publisher.send(SgcClient.publish("it.sse", "over the wire").id("p1"));
            publisher.expectAck("p1");

            assertThat(stream.next("message").data()).isEqualTo("over the wire");
        }
    }

    @Test
    void aMessagePostedToAStreamIsAnsweredByItsSubprotocolOverTheStream() throws Exception {
        try (EventStream stream = EventStream.open(http("sse?subprotocol=" + EchoProtocol.NAME))) {
            String id = stream.next("connection").data();

            HttpResponse<String> posted = Http.send(
                    HttpRequest.newBuilder(http("sse/send/" + id)).POST(HttpRequest.BodyPublishers.ofString("hello")));

            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(stream.next("message").data()).isEqualTo("echo:hello");
        }
    }

    @Test
    void aPostToAConnectionThatDoesNotExistIsRefused() {
        HttpResponse<String> posted = Http.send(HttpRequest.newBuilder(http("sse/send/no-such-connection"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(posted.statusCode()).isEqualTo(404);
    }

    URI http(String path) {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/") + path);
    }

    URI ws() {
        return URI.create(http("").toString().replaceFirst("^http", "ws"));
    }
}
