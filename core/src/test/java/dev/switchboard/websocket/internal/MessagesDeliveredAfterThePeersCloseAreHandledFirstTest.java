package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.broker.BrokerProducer;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.WireTap;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order Undertow delivers in: the peer's close is reported on the I/O thread while the previous message is still
 * being handled, and a message read before the close is delivered after it. The handler still gets that message,
 * then its close, last.
 */
class MessagesDeliveredAfterThePeersCloseAreHandledFirstTest {

    /** Records what it is called with; the first message waits until the test lets it go. */
    static final class RecordingHandler implements SubprotocolHandler {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);

        @Override
        public void onText(Connection connection, String message) {
            calls.add("text " + message);
            if (message.equals("first")) {
                firstStarted.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onClose(Connection connection, int code, String reason) {
            calls.add("close " + code);
        }
    }

    private WeldContainer weld;
    private Hub hub;
    private SwitchboardConfig config;

    @BeforeEach
    void start() {
        weld = new Weld()
                .disableDiscovery()
                .addBeanClasses(
                        Hub.class,
                        BrokerProducer.class,
                        ClusterInbox.class,
                        ManagedScheduler.class,
                        ConnectionRegistry.class,
                        ConfigProducer.class)
                .initialize();
        hub = weld.select(Hub.class).get();
        config = weld.select(SwitchboardConfig.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    @Test
    void aMessageDeliveredAfterThePeersCloseReachesTheHandlerBeforeItsClose() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        MessageHandler.Whole<String>[] text = captureTextHandler(handler);

        Thread worker = Thread.ofPlatform().start(() -> text[0].onMessage("first"));
        assertThat(handler.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // The I/O thread reports the close while "first" is still being handled.
        adapter.onClose(session, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        handler.releaseFirst.countDown();
        worker.join(10_000);
        // Read before the close, delivered after it.
        text[0].onMessage("second");

        Await.until(
                "the close to reach the handler", Duration.ofSeconds(10), () -> handler.calls.contains("close 1000"));
        assertThat(handler.calls).containsExactly("text first", "text second", "close 1000");
        assertThat(hub.connections()).isEmpty();
    }

    @Test
    void aWriteThatFailedAsThePeerClosedDoesNotDropWhatThePeerSentBefore() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        handler.releaseFirst.countDown();
        MessageHandler.Whole<String>[] text = captureTextHandler(handler);
        failWrites = true;
        Connection connection = hub.connections().get(0);

        // The container already answered the peer's close: the reply the handler sends cannot be written.
        connection.sendText("a reply");
        Await.until("the failed write to close the connection", Duration.ofSeconds(10), () -> !connection.isOpen());
        adapter.onClose(session, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        text[0].onMessage("sent before the close");

        Await.until(
                "the close to reach the handler", Duration.ofSeconds(10), () -> handler.calls.contains("close 1000"));
        assertThat(handler.calls).containsExactly("text sent before the close", "close 1000");
    }

    @Test
    void messagesAfterACloseSwitchboardStartedAreDropped() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        handler.releaseFirst.countDown();
        MessageHandler.Whole<String>[] text = captureTextHandler(handler);
        Connection connection = hub.connections().get(0);

        connection.close(4001, "server says bye");
        adapter.onClose(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(4001), "server says bye"));
        text[0].onMessage("late");

        assertThat(handler.calls).containsExactly("close 4001");
    }

    private JakartaEndpointAdapter adapter;
    private Session session;
    private volatile boolean failWrites;

    @SuppressWarnings("unchecked")
    private MessageHandler.Whole<String>[] captureTextHandler(SubprotocolHandler handler) {
        MessageHandler.Whole<String>[] text = new MessageHandler.Whole[1];
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (args != null && args[args.length - 1] instanceof jakarta.websocket.SendHandler done) {
                        done.onResult(
                                failWrites
                                        ? new SendResult(new java.io.IOException("the channel is closed"))
                                        : new SendResult());
                    }
                    return null;
                });
        session = (Session) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "addMessageHandler" -> {
                            if (args[0] == String.class) {
                                text[0] = (MessageHandler.Whole<String>) args[1];
                            }
                        }
                        case "getAsyncRemote" -> {
                            return remote;
                        }
                        case "isOpen" -> {
                            return true;
                        }
                        default -> {}
                    }
                    return null;
                });
        adapter = new JakartaEndpointAdapter(
                new HandshakeInfo(
                        InetSocketAddress.createUnresolved("127.0.0.1", 50000),
                        InetSocketAddress.createUnresolved("127.0.0.1", 8080),
                        URI.create("/"),
                        Map.of(),
                        Optional.empty()),
                "test",
                handler,
                hub,
                config,
                WireTap.OFF,
                Map.of());
        adapter.onOpen(session, null);
        return text;
    }
}
