package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Entry;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.PublicationRefusedException;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} must do, checked over a cluster of nodes that share one history store: a subclass
 * supplies the store and starts the nodes' brokers (one node for a broker without clustering); each node's hub is a
 * {@link RecordingDelivery}. Deliveries may be asynchronous, so every check awaits with a deadline.
 */
public abstract class BrokerContract {

    /** How many publications a channel's history keeps in the stores the contract asks for. */
    protected static final int KEPT = 5;

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** The nodes of one cluster under test. */
    protected interface Cluster extends AutoCloseable {
        /**
         * The brokers, one per node, not yet attached.
         *
         * @return the brokers
         */
        List<Broker> brokers();

        @Override
        void close();
    }

    /**
     * A fresh history store that keeps {@link #KEPT} publications per channel, shared by the nodes of a cluster.
     *
     * @return the store
     */
    protected abstract HistoryStore newStore();

    /**
     * Starts the brokers of a cluster over a store. A broker with a bounded queue should bound it small (a few
     * publications, a short wait), so the refusal path is exercised.
     *
     * @param store the shared history store, possibly wrapped by the test to fail or block
     * @return the cluster
     */
    protected abstract Cluster start(HistoryStore store);

    private final List<Cluster> clusters = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** The recorders of the nodes of the last started cluster. */
    protected List<RecordingDelivery> nodes;

    @AfterEach
    void stopClusters() {
        clusters.forEach(Cluster::close);
        threads.shutdownNow();
    }

    /** Starts a cluster over a store and attaches one recorder per node. */
    private List<Broker> cluster(HistoryStore store) {
        Cluster cluster = start(store);
        clusters.add(cluster);
        nodes = new ArrayList<>();
        for (int i = 0; i < cluster.brokers().size(); i++) {
            RecordingDelivery node = new RecordingDelivery("connection-" + i, "user-" + i);
            nodes.add(node);
            cluster.brokers().get(i).attach(node);
        }
        return cluster.brokers();
    }

    private static Broker.Publish publication(String channel, String message) {
        return new Broker.Publish(channel, message, Optional.empty(), Optional.empty());
    }

    private static Broker.Accepted accept(Broker broker, Broker.Publish publish) {
        return broker.publish(publish).toCompletableFuture().join();
    }

    /**
     * Publishes as a well-behaved client does: a refusal (a congested channel) is retried, the same message again,
     * until the deadline; so the publisher's own order is kept whatever the broker's lane sizes and the machine's load.
     */
    private static Broker.Accepted acceptRetryingRefusals(Broker broker, Broker.Publish publish) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return accept(broker, publish);
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof dev.switchboard.spi.PublicationRefusedException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private void everyNodeHas(String channel, int publications) {
        for (RecordingDelivery node : nodes) {
            Await.until(
                    node + " to have " + publications + " publications on " + channel,
                    DEADLINE,
                    () -> node.of(channel).size() >= publications);
        }
    }

    @Test
    void concurrentPublishersToOneChannelAreDeliveredToEveryNodeInOneOrderWithOffsetsWithoutGaps() throws Exception {
        List<Broker> brokers = cluster(newStore());
        int publishers = 4;
        int each = 100;
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            Broker broker = brokers.get(p % brokers.size());
            int publisher = p;
            running.add(threads.submit(() -> {
                for (int i = 0; i < each; i++) {
                    acceptRetryingRefusals(broker, publication("ordered", publisher + ":" + i));
                }
            }));
        }
        for (Future<?> future : running) {
            future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }

        everyNodeHas("ordered", publishers * each);
        List<String> first =
                nodes.get(0).of("ordered").stream().map(Publication::message).toList();
        for (RecordingDelivery node : nodes) {
            List<Publication> seen = node.of("ordered");
            assertThat(seen)
                    .extracting(Publication::offset)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, publishers * each).boxed().toList());
            assertThat(seen).extracting(Publication::message).containsExactlyElementsOf(first);
            assertThat(node.overlapped).isFalse();
        }
        for (int p = 0; p < publishers; p++) {
            String prefix = p + ":";
            // Each publisher's own publications keep the order it published them in.
            assertThat(first.stream().filter(m -> m.startsWith(prefix)).toList())
                    .isSortedAccordingTo((a, b) -> Integer.compare(
                            Integer.parseInt(a.substring(prefix.length())),
                            Integer.parseInt(b.substring(prefix.length()))));
        }
    }

    @Test
    void bytesAndTextKeepTheirKindOnEveryNodeAndInTheReplay() {
        Broker broker = cluster(newStore()).get(0);
        accept(broker, new Broker.Publish("kinds", "AAEC", Optional.empty(), Optional.empty(), false, true));
        accept(broker, publication("kinds", "\u0000b64:AAEC"));

        everyNodeHas("kinds", 2);
        for (RecordingDelivery node : nodes) {
            assertThat(node.of("kinds")).extracting(Publication::binary).containsExactly(true, false);
            assertThat(node.of("kinds")).extracting(Publication::message).containsExactly("AAEC", "\u0000b64:AAEC");
            assertThat(node.of("kinds").get(0).bytes()).containsExactly(0, 1, 2);
        }
        ReplayPlan plan = broker.replay(
                "kinds", Optional.of(new Position(broker.head("kinds").epoch(), 0)), 10);
        assertThat(plan.entries())
                .extracting(entry -> StoredPayload.publication("kinds", entry.message(), Optional.empty(), 0, ""))
                .extracting(Publication::binary, Publication::message)
                .containsExactly(tuple(true, "AAEC"), tuple(false, "\u0000b64:AAEC"));
    }

    @Test
    void propertiesReachEveryNodeWithThePublicationInOrderWithRepeatsAndNoneStaysTheSharedEmpty() {
        Broker broker = cluster(newStore()).get(0);
        PublicationProperties properties = PublicationProperties.builder()
                .add("mqtt.user:k", "one")
                .add(PublicationProperties.CONTENT_TYPE, "application/json")
                .add("mqtt.user:k", "two: with\ncolon and line")
                .add("stomp.header:empty", "")
                .build();
        accept(broker, new Broker.Publish("props", "{}", Optional.empty(), Optional.empty(), true, false, properties));
        accept(broker, publication("props", "plain"));

        everyNodeHas("props", 2);
        for (RecordingDelivery node : nodes) {
            assertThat(node.of("props").get(0).properties()).isEqualTo(properties);
            assertThat(node.of("props").get(0).properties().list())
                    .extracting(PublicationProperties.Property::value)
                    .containsExactly("one", "application/json", "two: with\ncolon and line", "");
            assertThat(node.of("props").get(1).properties()).isSameAs(PublicationProperties.NONE);
        }
    }

    @Test
    void everyChannelCountsItsOwnOffsetsInOneEpoch() {
        Broker broker = cluster(newStore()).get(0);
        accept(broker, publication("a", "a1"));
        accept(broker, publication("b", "b1"));
        accept(broker, publication("a", "a2"));

        everyNodeHas("a", 2);
        everyNodeHas("b", 1);
        for (RecordingDelivery node : nodes) {
            assertThat(node.of("a")).extracting(Publication::offset).containsExactly(1L, 2L);
            assertThat(node.of("b")).extracting(Publication::offset).containsExactly(1L);
            assertThat(node.of("a").get(0).epoch())
                    .isEqualTo(node.of("a").get(1).epoch());
        }
        assertThat(broker.head("a").offset()).isEqualTo(2);
    }

    @Test
    void aResumeAfterTrimmedEntriesIsToldOfTheGapAndReplayedWhatIsLeft() {
        Broker broker = cluster(newStore()).get(0);
        for (int i = 1; i <= KEPT + 5; i++) {
            accept(broker, publication("trimmed", "m" + i));
        }
        everyNodeHas("trimmed", KEPT + 5);
        String epoch = broker.head("trimmed").epoch();

        ReplayPlan plan = broker.replay("trimmed", Optional.of(new Position(epoch, 2)), 100);

        assertThat(plan.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.reason()).isEqualTo(ReplayPlan.Gap.EVICTED);
            assertThat(gap.fromOffset()).isEqualTo(3);
            assertThat(gap.toOffset()).isEqualTo(5);
        });
        assertThat(plan.entries()).extracting(Entry::offset).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(plan.position()).isEqualTo(new Position(epoch, KEPT + 5));
    }

    @Test
    void aResumeFromAnotherEpochIsToldTheHistoryWasLost() {
        Broker broker = cluster(newStore()).get(0);
        accept(broker, publication("lost", "m1"));
        everyNodeHas("lost", 1);

        ReplayPlan plan = broker.replay("lost", Optional.of(new Position("elsewhere", 7)), 100);

        assertThat(plan.gap()).map(ReplayPlan.Gap::reason).hasValue(ReplayPlan.Gap.EPOCH);
        assertThat(plan.entries()).extracting(Entry::message).containsExactly("m1");
    }

    @Test
    void aResumeWithNothingMissedReplaysEveryEntryAfterThePosition() {
        Broker broker = cluster(newStore()).get(0);
        accept(broker, publication("fresh", "m1"));
        accept(broker, publication("fresh", "m2"));
        accept(broker, publication("fresh", "m3"));
        everyNodeHas("fresh", 3);
        String epoch = broker.head("fresh").epoch();

        ReplayPlan plan = broker.replay("fresh", Optional.of(new Position(epoch, 1)), 100);

        assertThat(plan.gap()).isEmpty();
        assertThat(plan.entries()).extracting(Entry::message).containsExactly("m2", "m3");
    }

    @Test
    void everyAcceptedPublicationReachesEveryNodeAndARefusedOneIsReportedNeverDropped() throws Exception {
        Gate gate = new Gate();
        Broker broker = cluster(new SlowStore(newStore(), "congested", gate)).get(0);
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            String message = "m" + i;
            Future<Broker.Accepted> result = threads.submit(() -> accept(broker, publication("congested", message)));
            try {
                result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                accepted.add(message);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                assertThat(cause).isInstanceOf(PublicationRefusedException.class);
                assertThat(((PublicationRefusedException) cause).channel()).isEqualTo("congested");
                refused++;
            }
        }
        gate.open();

        assertThat(accepted.size() + refused).isEqualTo(50);
        everyNodeHas("congested", accepted.size());
        for (RecordingDelivery node : nodes) {
            assertThat(node.of("congested")).extracting(Publication::message).containsExactlyElementsOf(accepted);
        }
    }

    @Test
    void thePublishingNodeTellsWhenItWasHandedAPublicationAndOtherNodesWhenItWasSent() {
        List<Broker> brokers = cluster(newStore());
        long handedAfter = System.nanoTime();
        long sentAfter = System.currentTimeMillis();

        accept(brokers.get(0), publication("timed", "one"));
        everyNodeHas("timed", 1);

        Await.until(
                "the publisher's node to time its publication",
                DEADLINE,
                () -> !nodes.get(0).handedNanos.isEmpty());
        assertThat(nodes.get(0).handedNanos)
                .singleElement()
                .satisfies(handed -> assertThat(handed).isBetween(handedAfter, System.nanoTime()));
        assertThat(nodes.get(0).sentMillis).isEmpty();
        for (RecordingDelivery other : nodes.subList(1, nodes.size())) {
            assertThat(other.handedNanos).isEmpty();
            Await.until(
                    other + " to be told when the publication was sent", DEADLINE, () -> !other.sentMillis.isEmpty());
            assertThat(other.sentMillis)
                    .singleElement()
                    .satisfies(sent -> assertThat(sent).isBetween(sentAfter, System.currentTimeMillis()));
        }
    }

    @Test
    void theAcceptanceCallbackRunsOnceBeforeAnyNodeDeliversThePublication() {
        List<Broker> brokers = cluster(newStore());
        List<Integer> deliveredWhenAccepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable onAccepted = () -> deliveredWhenAccepted.add(
                nodes.stream().mapToInt(node -> node.of("acked").size()).sum());

        brokers.get(0)
                .publish(publication("acked", "first"), onAccepted)
                .toCompletableFuture()
                .join();
        everyNodeHas("acked", 1);

        assertThat(deliveredWhenAccepted).containsExactly(0);
    }

    @Test
    void aPublicationRetriedWithItsIdempotencyKeyIsDeliveredOnce() {
        Broker broker = cluster(newStore()).get(0);
        Broker.Publish once = new Broker.Publish("exact", "pay 10", Optional.of("c1"), Optional.of("c1/42"));
        Broker.Publish other = new Broker.Publish("exact", "pay 20", Optional.of("c1"), Optional.of("c1/43"));

        assertThat(accept(broker, once).duplicate()).isFalse();
        assertThat(accept(broker, once).duplicate()).isTrue();
        assertThat(accept(broker, other).duplicate()).isFalse();
        accept(broker, publication("exact", "marker"));

        everyNodeHas("exact", 3);
        for (RecordingDelivery node : nodes) {
            assertThat(node.of("exact")).extracting(Publication::message).containsExactly("pay 10", "pay 20", "marker");
        }
    }

    @Test
    void broadcastsAndGroupMessagesReachEveryNodeOnce() {
        Broker broker = cluster(newStore()).get(0);

        broker.broadcast("to all", Audience.EVERYONE);
        broker.sendToGroups("Room*", "to rooms");

        for (RecordingDelivery node : nodes) {
            Await.until(
                    "the broadcast and the group message on every node",
                    DEADLINE,
                    () -> node.broadcasts.size() == 1 && node.groupMessages.size() == 1);
            assertThat(node.broadcasts).containsExactly("to all");
            assertThat(node.groupMessages).containsExactly("Room*:to rooms");
        }
    }

    @Test
    void aMessageToAConnectionReachesTheNodeHoldingItOnly() {
        List<Broker> brokers = cluster(newStore());
        RecordingDelivery target = nodes.get(nodes.size() - 1);

        assertThat(brokers.get(0).sendToConnection(target.connectionId, "just you"))
                .isTrue();

        Await.until("the message to the connection", DEADLINE, () -> target.connectionMessages.contains("just you"));
        for (RecordingDelivery node : nodes) {
            if (node != target) {
                assertThat(node.connectionMessages).isEmpty();
            }
        }
    }

    @Test
    void disconnectsByConnectionAndByUserReachTheNodesHoldingThem() {
        List<Broker> brokers = cluster(newStore());
        RecordingDelivery first = nodes.get(0);
        RecordingDelivery last = nodes.get(nodes.size() - 1);

        brokers.get(0).disconnect(last.connectionId, CloseCodes.FORBIDDEN, "no");
        brokers.get(0).disconnectUser(first.user, Optional.empty(), CloseCodes.UNAUTHORIZED, "Logged out");

        Await.until(
                "the disconnect by connection id",
                DEADLINE,
                () -> last.disconnects.contains(last.connectionId + " " + CloseCodes.FORBIDDEN));
        Await.until(
                "the disconnect by user",
                DEADLINE,
                () -> first.disconnects.contains(first.user + " " + CloseCodes.UNAUTHORIZED));
    }

    @Test
    void anAbortOrADrainAskedOfTheOtherNodesReachesTheNodeHoldingTheConnection() {
        List<Broker> brokers = cluster(newStore());
        RecordingDelivery last = nodes.get(nodes.size() - 1);
        boolean sent = brokers.get(0).abortElsewhere(last.connectionId)
                & brokers.get(0).drainElsewhere(last.connectionId, java.time.Duration.ofMillis(1500));
        if (nodes.size() == 1) {
            // A broker of one node has nobody else to ask: the hub looked on its own node already.
            assertThat(sent).isFalse();
            assertThat(last.disconnects).isEmpty();
            return;
        }
        assertThat(sent).isTrue();
        Await.until(
                "the abort and the drain",
                DEADLINE,
                () -> last.disconnects.containsAll(
                        List.of(last.connectionId + " aborted", last.connectionId + " drained within 1500 ms")));
    }

    @Test
    void whenTheHistoryStoreFailsThePublicationIsDeliveredLiveWithoutAPosition() {
        Broker broker = cluster(new FailingStore(newStore(), "broken")).get(0);

        accept(broker, publication("broken", "still delivered"));
        accept(broker, publication("fine", "stored"));

        everyNodeHas("broken", 1);
        everyNodeHas("fine", 1);
        for (RecordingDelivery node : nodes) {
            assertThat(node.of("broken").get(0).hasPosition()).isFalse();
            assertThat(node.of("broken").get(0).message()).isEqualTo("still delivered");
            assertThat(node.of("fine").get(0).offset()).isEqualTo(1);
        }
        assertThat(broker.replay("broken", Optional.of(new Position("e", 1)), 10)
                        .gap())
                .map(ReplayPlan.Gap::reason)
                .hasValue(ReplayPlan.Gap.UNAVAILABLE);
    }

    @Test
    void aSlowHistoryOnOneChannelDoesNotDelayAnother() throws Exception {
        Gate gate = new Gate();
        Broker broker = cluster(new SlowStore(newStore(), "slow", gate)).get(0);
        try {
            threads.submit(() -> accept(broker, publication("slow", "waits")));
            Await.until("the append to reach the slow store", DEADLINE, gate::entered);

            accept(broker, publication("quick", "goes"));

            everyNodeHas("quick", 1);
            for (RecordingDelivery node : nodes) {
                assertThat(node.of("slow")).isEmpty();
            }
        } finally {
            gate.open();
        }
        everyNodeHas("slow", 1);
    }

    /** A gate a blocked append waits at until the test opens it. */
    protected static final class Gate {
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile boolean entered;

        void pass() {
            entered = true;
            try {
                if (!opened.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean entered() {
            return entered;
        }

        void open() {
            opened.countDown();
        }
    }

    /** Delegates to a store; a subclass changes one channel's appends. */
    private abstract static class WrappedStore implements HistoryStore {
        final HistoryStore store;
        final String channel;

        WrappedStore(HistoryStore store, String channel) {
            this.store = store;
            this.channel = channel;
        }

        @Override
        public Position head(String name) {
            return store.head(name);
        }

        @Override
        public List<Entry> read(String name, long afterOffset, int limit) {
            return store.read(name, afterOffset, limit);
        }

        @Override
        public boolean shared() {
            return store.shared();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** Appends to one channel wait at a gate: a database that stalls. */
    private static final class SlowStore extends WrappedStore {
        private final Gate gate;

        SlowStore(HistoryStore store, String channel, Gate gate) {
            super(store, channel);
            this.gate = gate;
        }

        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public Position append(String name, String message) {
            if (channel.equals(name)) {
                gate.pass();
            }
            return store.append(name, message);
        }
    }

    /** Appends to one channel fail; reads of it fail too. */
    private static final class FailingStore extends WrappedStore {
        FailingStore(HistoryStore store, String channel) {
            super(store, channel);
        }

        @Override
        public boolean mayBlock() {
            return store.mayBlock();
        }

        @Override
        public Position append(String name, String message) {
            if (channel.equals(name)) {
                throw new IllegalStateException("the database is down");
            }
            return store.append(name, message);
        }

        @Override
        public Position head(String name) {
            if (channel.equals(name)) {
                throw new IllegalStateException("the database is down");
            }
            return store.head(name);
        }
    }
}
