package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.Await;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * On embedded Jetty a fan-out's text is encoded once and written through Jetty's core session, each subscriber's
 * frame a view of the same bytes, in parallel batches. Six hundred sgc subscribers, half of them with
 * permessage-deflate, get every publication (multi-byte text among them) whole and in order.
 */
class FanOutArrivesIntactThroughJettysCoreSessionTest {

    private static final String SUBSCRIBE =
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"intact\"},\"id\":\"s\"}";

    @WebSocket
    public static final class Subscriber {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @OnWebSocketMessage
        public void onMessage(String text) {
            received.add(text);
        }

        String next(String needle) throws InterruptedException {
            long end = System.nanoTime() + Await.DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                String text = received.poll(100, TimeUnit.MILLISECONDS);
                if (text != null && text.contains(needle)) {
                    return text;
                }
            }
            throw new AssertionError("nothing with " + needle + " within " + Await.DEADLINE);
        }
    }

    @Test
    void everySubscriberWithOrWithoutCompressionGetsEveryPublicationWholeAndInOrder() throws Exception {
        SwitchboardServer server = TestClient.startServer();
        WebSocketClient client = new WebSocketClient();
        client.start();
        try {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
            List<Subscriber> subscribers = new ArrayList<>();
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
                upgrade.setSubProtocols("esegece.com");
                boolean deflate = i % 2 == 0;
                if (deflate) {
                    upgrade.addExtensions("permessage-deflate");
                }
                Subscriber subscriber = new Subscriber();
                Session session =
                        client.connect(subscriber, uri, upgrade).get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(session.getUpgradeResponse().getExtensions().stream()
                                .anyMatch(e -> e.getName().equals("permessage-deflate")))
                        .as("permessage-deflate on subscriber %d", i)
                        .isEqualTo(deflate);
                session.sendText(SUBSCRIBE, Callback.NOOP);
                subscribers.add(subscriber);
                sessions.add(session);
            }
            for (Subscriber subscriber : subscribers) {
                subscriber.next("\"method\":\"sgc@subscribe\"");
            }
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // Long enough that compression has something to do, with two-, three- and four-byte characters.
                messages.add(i + " Grüße aus 世界 \uD83D\uDE00 " + "x".repeat(300 * i));
            }
            Session publisher = sessions.get(0);
            for (String message : messages) {
                publisher.sendText(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"intact\",\"message\":\""
                                + message + "\"}}",
                        Callback.NOOP);
            }
            for (int s = 0; s < subscribers.size(); s++) {
                for (String message : messages) {
                    assertThat(subscribers.get(s).next("sgc@event"))
                            .as("subscriber %d", s)
                            .contains("\"message\":\"" + message + "\"");
                }
            }
        } finally {
            client.stop();
            server.stop();
        }
    }
}
