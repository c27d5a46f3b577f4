package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop while a handler is still working on a message: the closer never waits on the handler's lock,
 * the stop waits for the handler up to its five-second timeout, and a handler that takes longer does not make the
 * stop fail.
 */
class StopWaitsForBusyHandlersUpToItsTimeoutTest {

    static volatile CountDownLatch busy;
    static volatile CountDownLatch release;
    static volatile CountDownLatch closed;
    static final AtomicInteger CLOSE_CODE = new AtomicInteger();

    /** Works on every message until the test releases it. */
    @ApplicationScoped
    @Subprotocol(BusyProtocol.NAME)
    public static class BusyProtocol implements SubprotocolHandler {

        static final String NAME = "busy.test.switchboard.dev";

        @Override
        public void onText(Connection connection, String message) {
            busy.countDown();
            try {
                release.await(TestClient.DEADLINE.toSeconds() * 3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onClose(Connection connection, int code, String reason) {
            CLOSE_CODE.set(code);
            closed.countDown();
        }
    }

    @BeforeEach
    void freshLatches() {
        busy = new CountDownLatch(1);
        release = new CountDownLatch(1);
        closed = new CountDownLatch(1);
        CLOSE_CODE.set(0);
    }

    @Test
    void stopWaitsForAHandlerThatFinishesWithinTheTimeoutAndDeliversItsOnClose() throws Exception {
        SwitchboardServer server = TestClient.startServer(BusyProtocol.class);
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder connection = TestClient.connect(client, TestClient.ws(server), BusyProtocol.NAME)) {
            connection.socket.sendText("work", true);
            assertThat(busy.await(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            // The handler finishes once its client has seen the 1001, which the stop sends first.
            Thread.ofVirtual().start(() -> {
                try {
                    connection.closeCode();
                } catch (Exception e) {
                    // the assertion below reports a missing close
                } finally {
                    release.countDown();
                }
            });

            long before = System.nanoTime();
            server.stop();
            Duration stopping = Duration.ofNanos(System.nanoTime() - before);

            assertThat(connection.closeCode()).isEqualTo(1001);
            assertThat(closed.getCount())
                    .as("onClose ran before the stop returned")
                    .isZero();
            assertThat(CLOSE_CODE.get()).isEqualTo(1001);
            assertThat(stopping)
                    .as("the handler was done well inside the stop timeout")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(server.isRunning()).isFalse();
        } finally {
            release.countDown();
            server.stop();
        }
    }

    @Test
    void stopReturnsNormallyAtItsTimeoutWhenAHandlerIsStillBusy() throws Exception {
        SwitchboardServer server = TestClient.startServer(BusyProtocol.class);
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder connection = TestClient.connect(client, TestClient.ws(server), BusyProtocol.NAME)) {
            connection.socket.sendText("work", true);
            assertThat(busy.await(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();

            long before = System.nanoTime();
            server.stop();
            Duration stopping = Duration.ofNanos(System.nanoTime() - before);

            assertThat(server.isRunning()).isFalse();
            assertThat(connection.closeCode()).isEqualTo(1001);
            assertThat(stopping)
                    .as("the stop waited for its timeout, not for the handler")
                    .isLessThan(TestClient.DEADLINE);
            assertThat(closed.getCount()).as("the handler is still busy").isEqualTo(1);
        } finally {
            release.countDown();
            server.stop();
        }
    }
}
