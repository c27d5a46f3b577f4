package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Publication;
import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.DisconnectEvent;
import dev.switchboard.broker.BrokerProducer;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubFanOutTest {

    /** Encodes like a JSON protocol would, and counts how often it is asked to. */
    static final class CountingProtocol implements SubprotocolHandler {
        final AtomicInteger encodings = new AtomicInteger();

        @Override
        public String encodePublication(Publication publication) {
            encodings.incrementAndGet();
            return "{" + publication.channel() + ":" + publication.message() + "}";
        }
    }

    @ApplicationScoped
    static class LifecycleRecorder {
        private final List<String> seen = new CopyOnWriteArrayList<>();

        List<String> seen() {
            return seen;
        }

        void connected(@Observes ConnectEvent event) {
            seen.add("connect " + event.connection().id());
        }

        void disconnected(@Observes DisconnectEvent event) {
            seen.add("disconnect " + event.connection().id() + " " + event.code());
        }
    }

    private WeldContainer weld;
    private Hub hub;
    private final CountingProtocol json = new CountingProtocol();
    private final SubprotocolHandler plain = new SubprotocolHandler() {};

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
                        ConfigProducer.class,
                        LifecycleRecorder.class)
                .initialize();
        hub = weld.select(Hub.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    private RecordingConnection open(String subprotocol, SubprotocolHandler handler) {
        RecordingConnection connection = new RecordingConnection(subprotocol, handler, 8, 1 << 20);
        hub.register(connection);
        hub.opened(connection);
        return connection;
    }

    @Test
    void aPublicationIsEncodedOncePerSubprotocolAndReachesEverySubscriber() {
        RecordingConnection a = open("json", json);
        RecordingConnection b = open("json", json);
        RecordingConnection c = open(null, plain);
        RecordingConnection bystander = open("json", json);
        for (RecordingConnection connection : List.of(a, b, c)) {
            hub.subscribe(connection, "news");
        }

        int deliveries = hub.publish("news", "hello");

        assertThat(deliveries).isEqualTo(3);
        assertThat(json.encodings).hasValue(1);
        assertThat(a.texts()).containsExactly("{news:hello}");
        assertThat(b.texts()).containsExactly("{news:hello}");
        assertThat(c.texts()).containsExactly("hello");
        assertThat(bystander.texts()).isEmpty();
    }

    @Test
    void maskSubscriptionsReceiveFutureChannelsAndOverlappingSubscriptionsDeliverOnce() {
        RecordingConnection a = open(null, plain);
        hub.subscribe(a, "news*");
        hub.subscribe(a, "news.sport");

        hub.publish("news.sport", "goal");
        hub.publish("NEWS.weather", "rain");
        hub.publish("sports", "ignored");

        assertThat(a.texts()).containsExactly("goal", "rain");
    }

    @Test
    void commaListsAndPublishMasksExpandToSeveralChannels() {
        RecordingConnection room1 = open(null, plain);
        RecordingConnection room2 = open(null, plain);
        RecordingConnection lobby = open(null, plain);
        assertThat(hub.subscribe(room1, "room1, lobbyx")).containsExactly("room1", "lobbyx");
        hub.subscribe(room2, "room2");
        hub.subscribe(lobby, "lobby");

        hub.publish("room1,lobby", "a");
        hub.publish("room?", "b");

        assertThat(room1.texts()).containsExactly("a", "b");
        assertThat(room2.texts()).containsExactly("b");
        assertThat(lobby.texts()).containsExactly("a");
    }

    @Test
    void broadcastHonoursChannelSubprotocolIncludeAndExclude() {
        RecordingConnection a = open("json", json);
        RecordingConnection b = open("json", json);
        RecordingConnection c = open(null, plain);
        hub.subscribe(a, "ch");
        hub.subscribe(c, "ch");

        assertThat(hub.broadcast("all", Audience.EVERYONE)).isEqualTo(3);
        assertThat(hub.broadcast("ch", Audience.channel("ch"))).isEqualTo(2);
        assertThat(hub.broadcast("json", Audience.EVERYONE.withSubprotocol("json")))
                .isEqualTo(2);
        assertThat(hub.broadcast("inc", Audience.EVERYONE.including(Set.of(b.id(), c.id()))))
                .isEqualTo(2);
        assertThat(hub.broadcast("exc", Audience.channel("ch").excluding(Set.of(a.id()))))
                .isEqualTo(1);
        hub.broadcast(ByteBuffer.wrap(new byte[] {1, 2}), Audience.EVERYONE.including(Set.of(a.id())));

        assertThat(a.texts()).containsExactly("all", "ch", "json", "java.nio.HeapByteBufferR[pos=0 lim=2 cap=2]");
        assertThat(b.texts()).containsExactly("all", "json", "inc");
        assertThat(c.texts()).containsExactly("all", "ch", "inc", "exc");
    }

    @Test
    void groupsAreReachedByNameOrPatternAndEmptiedByDisconnect() {
        RecordingConnection a = open(null, plain);
        RecordingConnection b = open(null, plain);
        RecordingConnection c = open(null, plain);
        RecordingConnection d = open(null, plain);
        hub.joinGroup("Room1", a);
        hub.joinGroup("Room1", b);
        hub.joinGroup("Room2", c);
        hub.joinGroup("Lobby", d);
        hub.joinGroup("Room2", a);

        assertThat(hub.sendToGroups("Room*", "x")).isEqualTo(3);
        assertThat(hub.sendToGroups("Lobby", "y")).isEqualTo(1);
        hub.closed(a, CloseCodes.NORMAL, "bye");
        assertThat(hub.sendToGroups("Room1", "z")).isEqualTo(1);

        assertThat(a.texts()).containsExactly("x");
        assertThat(b.texts()).containsExactly("x", "z");
        assertThat(c.texts()).containsExactly("x");
        assertThat(d.texts()).containsExactly("y");
        assertThat(hub.groups(a)).isEmpty();
    }

    @Test
    void aClosedConnectionLosesItsSubscriptionsAndLeavesTheRegistry() {
        RecordingConnection a = open(null, plain);
        hub.subscribe(a, "news, alerts*");

        hub.closed(a, CloseCodes.GOING_AWAY, "");

        assertThat(hub.subscriptions(a)).isEmpty();
        assertThat(hub.channels()).isEmpty();
        assertThat(hub.connection(a.id())).isEmpty();
        assertThat(hub.publish("news", "late")).isZero();
    }

    @Test
    void aSlowConsumerIsCutOffWhileOtherSubscribersKeepReceiving() {
        RecordingConnection slow = open(null, plain);
        RecordingConnection fast = open(null, plain);
        hub.subscribe(slow, "ticks");
        hub.subscribe(fast, "ticks");
        slow.stall();

        for (int i = 0; i < 20; i++) {
            hub.publish("ticks", "t" + i);
        }

        Await.until("the slow consumer to be closed", () -> slow.closeCode != null);
        assertThat(slow.closeCode).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(slow.isOpen()).isFalse();
        // One frame in flight plus the queue bound of 8; the publisher was never blocked.
        assertThat(slow.written).hasSize(1);
        assertThat(fast.texts()).hasSize(20).startsWith("t0").endsWith("t19");
    }

    @Test
    void unsubscribeRemovesNamesAndMaskMatches() {
        RecordingConnection a = open(null, plain);
        hub.subscribe(a, "a.1, a.2, b.1");

        assertThat(hub.unsubscribe(a, "a.*")).containsExactlyInAnyOrder("a.1", "a.2");
        assertThat(hub.subscriptions(a)).containsExactly("b.1");
        assertThat(hub.unsubscribeAll(a)).containsExactly("b.1");
    }

    @Test
    void lifecycleEventsArriveInOrder() {
        RecordingConnection a = open(null, plain);
        hub.closed(a, CloseCodes.NORMAL, "done");

        assertThat(weld.select(LifecycleRecorder.class).get().seen())
                .containsExactly("connect " + a.id(), "disconnect " + a.id() + " 1000");
    }

    @Test
    void disconnectClosesWithTheGivenCode() {
        RecordingConnection a = open(null, plain);
        RecordingConnection b = open(null, plain);

        assertThat(hub.disconnect(a.id(), CloseCodes.FORBIDDEN, "no")).isTrue();
        assertThat(hub.disconnect("unknown", CloseCodes.NORMAL, "")).isFalse();
        assertThat(a.closeCode).isEqualTo(CloseCodes.FORBIDDEN);
        assertThat(hub.disconnectAll(CloseCodes.GOING_AWAY, "bye")).isEqualTo(2);
        assertThat(b.closeCode).isEqualTo(CloseCodes.GOING_AWAY);
    }
}
