package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Identity;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.broker.BrokerProducer;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.channel.ChannelFilter;
import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.SubprotocolHandler;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channels under {@code /queue/} and {@code /user/} are reserved: no mask and no protocol filter matches them, for
 * subscribers or for publications to a mask, so a wildcard cannot eavesdrop on a queue or another user's channel;
 * and a {@code /user/X/...} channel may be subscribed only by the user named X.
 */
class ReservedChannelsAreReachedOnlyByNameTest {

    /** Every channel, like an MQTT {@code #}. */
    record EverythingFilter() implements ChannelFilter {
        @Override
        public String key() {
            return "test:#";
        }

        @Override
        public boolean matches(String canonicalChannel) {
            return true;
        }
    }

    private WeldContainer weld;
    private Hub hub;
    private ChannelPolicy policy;

    @BeforeEach
    void start() {
        weld = new Weld()
                .disableDiscovery()
                .addBeanClasses(
                        Hub.class,
                        ChannelPolicy.class,
                        BrokerProducer.class,
                        ClusterInbox.class,
                        ManagedScheduler.class,
                        ConnectionRegistry.class,
                        ConfigProducer.class)
                .initialize();
        hub = weld.select(Hub.class).get();
        policy = weld.select(ChannelPolicy.class).get();
    }

    @AfterEach
    void stop() {
        weld.close();
    }

    private RecordingConnection open(String user) {
        RecordingConnection connection = new RecordingConnection(new SubprotocolHandler() {});
        if (user != null) {
            connection.replaceIdentity(new Identity(user, Set.of(), "test", Optional.empty()));
        }
        hub.register(connection);
        hub.opened(connection);
        return connection;
    }

    @Test
    void masksAndFiltersNeverReachQueueOrUserChannels() {
        RecordingConnection bob = open("bob");
        RecordingConnection worker = open("worker");
        RecordingConnection maskAll = open("eve");
        RecordingConnection maskQueue = open("eve");
        RecordingConnection maskUpper = open("eve");
        RecordingConnection filter = open("eve");
        hub.subscribe(bob, "/user/bob/queue/inbox");
        hub.subscribe(worker, "/queue/jobs");
        hub.subscribe(maskAll, "*");
        hub.subscribe(maskQueue, "/queue/*");
        hub.subscribe(maskUpper, "/USER/*");
        hub.subscribeFilter(filter, new EverythingFilter());

        hub.publish("/user/bob/queue/inbox", "secret");
        hub.publish("/queue/jobs", "job");
        hub.publish("/QUEUE/other", "not reserved, but masks fold");
        hub.publish("news", "public");

        assertThat(bob.texts()).containsExactly("secret");
        assertThat(worker.texts()).containsExactly("job");
        assertThat(maskAll.texts()).containsExactly("public");
        assertThat(maskQueue.texts()).isEmpty();
        assertThat(maskUpper.texts()).isEmpty();
        // Filters compare exact names: "/QUEUE/" is another prefix than "/queue/".
        assertThat(filter.texts()).containsExactly("not reserved, but masks fold", "public");
    }

    @Test
    void publishingToAMaskSkipsReservedChannels() {
        RecordingConnection bob = open("bob");
        RecordingConnection worker = open("worker");
        RecordingConnection reader = open("reader");
        hub.subscribe(bob, "/user/bob/queue/inbox");
        hub.subscribe(worker, "/queue/jobs");
        hub.subscribe(reader, "/topic-like");

        hub.publish("*", "to every channel a mask may reach");

        assertThat(bob.texts()).isEmpty();
        assertThat(worker.texts()).isEmpty();
        assertThat(reader.texts()).containsExactly("to every channel a mask may reach");
    }

    @Test
    void onlyTheNamedUserMaySubscribeToAUserChannel() {
        RecordingConnection bob = open("bob");
        RecordingConnection eve = open("eve");
        RecordingConnection anonymous = open(null);

        assertThat(policy.decideSubscribe(bob, "/user/bob/queue/inbox").allowed())
                .isTrue();
        SubscribeDecision refused = policy.decideSubscribe(eve, "/user/bob/queue/inbox");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.message()).contains("/user/");
        assertThat(policy.decideSubscribe(anonymous, "/user/bob/queue/inbox").allowed())
                .isFalse();
        assertThat(policy.decideSubscribe(eve, "/user/bob").allowed()).isFalse();
        assertThat(policy.decideSubscribe(eve, "/queue/jobs").allowed()).isTrue();
        assertThat(policy.decideSubscribe(anonymous, "news").allowed()).isTrue();
    }

    @Test
    void internalChannelsAreReachedOnlyByNameAndNeverByAClient() {
        RecordingConnection server = open(null);
        RecordingConnection maskAll = open("eve");
        RecordingConnection maskInternal = open("eve");
        RecordingConnection filter = open("eve");
        hub.subscribeOne(server, "/internal/presence/all");
        hub.subscribe(maskAll, "*");
        hub.subscribe(maskInternal, "/Internal/*");
        hub.subscribeFilter(filter, new EverythingFilter());

        hub.publish("/internal/presence/all", "frame");

        assertThat(server.texts()).containsExactly("frame");
        assertThat(maskAll.texts()).isEmpty();
        assertThat(maskInternal.texts()).isEmpty();
        assertThat(filter.texts()).isEmpty();
        for (String channel : List.of("/internal/presence/all", "/INTERNAL/presence/all", "/internal/*")) {
            assertThat(policy.decideSubscribe(maskAll, channel).allowed())
                    .as(channel)
                    .isFalse();
            assertThat(policy.decidePublish(maskAll, channel, "forged").allowed())
                    .as(channel)
                    .isFalse();
        }
        assertThat(policy.decideSubscribe(maskAll, "internal/x").allowed()).isTrue();
    }
}
