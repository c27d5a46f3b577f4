package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.broker.BrokerProducer;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.channel.ChannelFilter;
import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinaryPublicationsFiltersAndPerSubscriberDeliveryTest {

    /** Builds every subscriber's frame itself, as STOMP and MQTT do; can be told to fail for one connection. */
    static final class PerSubscriberProtocol implements SubprotocolHandler {
        final List<String> handed = new CopyOnWriteArrayList<>();
        final AtomicInteger encodings = new AtomicInteger();
        volatile String failFor = "";

        @Override
        public boolean deliversPerSubscriber() {
            return true;
        }

        @Override
        public void deliverPublication(Connection subscriber, Publication publication) {
            if (subscriber.id().equals(failFor)) {
                throw new IllegalStateException("refused for the test");
            }
            handed.add(subscriber.id() + ":" + publication.channel());
            subscriber.sendText("frame for " + subscriber.id() + " " + new String(publication.bytes()));
        }

        @Override
        public String encodePublication(Publication publication) {
            encodings.incrementAndGet();
            return "shared";
        }
    }

    /** Shows bytes as text, as the sgc protocol does with sgc@b64. */
    static final class TextOnlyProtocol implements SubprotocolHandler {
        @Override
        public Optional<ByteBuffer> encodeBinaryPublication(Publication publication) {
            return Optional.empty();
        }

        @Override
        public String encodePublication(Publication publication) {
            return (publication.binary() ? "b64:" : "text:") + publication.message();
        }
    }

    /** Channels under a prefix, like an MQTT {@code prefix/#}. */
    record PrefixFilter(String prefix) implements ChannelFilter {
        @Override
        public String key() {
            return "test:" + prefix;
        }

        @Override
        public boolean matches(String canonicalChannel) {
            return canonicalChannel.startsWith(prefix);
        }
    }

    private WeldContainer weld;
    private Hub hub;

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
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    private RecordingConnection open(String subprotocol, SubprotocolHandler handler) {
        RecordingConnection connection = new RecordingConnection(subprotocol, handler, 16, 1 << 20);
        hub.register(connection);
        hub.opened(connection);
        return connection;
    }

    @Test
    void bytesReachPlainSubscribersAsBytesAndTextOnlyProtocolsAsBase64() {
        RecordingConnection plain = open(null, new SubprotocolHandler() {});
        RecordingConnection textOnly = open("text-only", new TextOnlyProtocol());
        hub.subscribe(plain, "raw");
        hub.subscribe(textOnly, "raw");
        byte[] payload = {0, 1, 2, (byte) 0xff};

        assertThat(hub.publish("raw", ByteBuffer.wrap(payload))).isEqualTo(2);
        hub.publish("raw", "plain text");

        assertThat(plain.written.get(0)).isInstanceOf(ByteBuffer.class);
        ByteBuffer received = ((ByteBuffer) plain.written.get(0)).duplicate();
        byte[] bytes = new byte[received.remaining()];
        received.get(bytes);
        assertThat(bytes).containsExactly(payload);
        assertThat(plain.written.get(1)).isEqualTo("plain text");
        assertThat(textOnly.texts()).containsExactly("b64:AAEC/w==", "text:plain text");
    }

    @Test
    void aPerSubscriberProtocolIsHandedEachSubscriberAndOneFailureSparesTheOthers() {
        PerSubscriberProtocol protocol = new PerSubscriberProtocol();
        RecordingConnection a = open("per", protocol);
        RecordingConnection b = open("per", protocol);
        RecordingConnection c = open("per", protocol);
        RecordingConnection plain = open(null, new SubprotocolHandler() {});
        for (RecordingConnection connection : List.of(a, b, c, plain)) {
            hub.subscribe(connection, "news");
        }
        protocol.failFor = b.id();

        int deliveries = hub.publish("news", "hi");

        assertThat(deliveries).isEqualTo(3);
        assertThat(protocol.encodings).hasValue(0);
        assertThat(protocol.handed).containsExactlyInAnyOrder(a.id() + ":news", c.id() + ":news");
        assertThat(a.texts()).containsExactly("frame for " + a.id() + " hi");
        assertThat(b.texts()).isEmpty();
        assertThat(c.texts()).containsExactly("frame for " + c.id() + " hi");
        assertThat(plain.texts()).containsExactly("hi");
    }

    @Test
    void aFilterReachesEveryMatchingChannelOnceAndIsDroppedByKeyOrByClose() {
        RecordingConnection a = open(null, new SubprotocolHandler() {});
        RecordingConnection b = open(null, new SubprotocolHandler() {});
        assertThat(hub.subscribeFilter(a, new PrefixFilter("sport/"))).isTrue();
        assertThat(hub.subscribeFilter(a, new PrefixFilter("sport/"))).isFalse();
        hub.subscribe(a, "sport/tennis");
        assertThat(hub.subscribeFilter(b, new PrefixFilter("sport/"))).isTrue();

        hub.publish("sport/tennis", "ace");
        hub.publish("sport/golf", "birdie");
        hub.publish("weather", "rain");
        assertThat(hub.subscriptions(a)).containsExactlyInAnyOrder("test:sport/", "sport/tennis");

        assertThat(hub.unsubscribeFilter(a, "test:sport/")).isTrue();
        assertThat(hub.unsubscribeFilter(a, "test:sport/")).isFalse();
        hub.publish("sport/golf", "eagle");
        hub.closed(b, CloseCodes.NORMAL, "");
        assertThat(hub.publish("sport/golf", "albatross")).isZero();

        assertThat(a.texts()).containsExactly("ace", "birdie");
        assertThat(b.texts()).containsExactly("ace", "birdie", "eagle");
    }

    @Test
    void binaryAndTextPayloadsKeepTheirKindThroughTheStoredForm() {
        for (String text : List.of("", "plain", "\u0000b64:AAAA", "\u0000t:x", "\u0000")) {
            String stored = StoredPayload.encode(text, false);
            assertThat(StoredPayload.isBinary(stored)).as(text).isFalse();
            assertThat(StoredPayload.message(stored)).isEqualTo(text);
        }
        String stored = StoredPayload.encode("AAEC/w==", true);
        Publication publication = StoredPayload.publication("c", stored, Optional.empty(), 3, "e");
        assertThat(publication.binary()).isTrue();
        assertThat(publication.bytes()).containsExactly(0, 1, 2, 0xff);
        assertThat(new Publication("c", "é", Optional.empty()).bytes()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    }
}
