package dev.switchboard.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** On a server where logging in is optional, the E2EE relay itself turns an anonymous client away. */
class AnonymousClientsAreTurnedAwayByTheRelayTest {

    @Test
    void anAnonymousConnectionIsToldWhyAndClosedAsUnauthorized() throws Exception {
        SwitchboardServer open = TestServers.start();
        try {
            List<String> told = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols(E2eeClient.SUBPROTOCOL)
                    .buildAsync(URI.create(TestServers.ws(open)), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            told.add(data.toString());
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(CloseCodes.UNAUTHORIZED);
            assertThat(told).singleElement().asString().contains("\"code\":\"unauthorized\"");
        } finally {
            TestServers.stop(open);
        }
    }
}
