package dev.switchboard.protocol.sgc;

import dev.switchboard.auth.RpcPermissions;
import dev.switchboard.broker.BrokerProducer;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.cdi.SwitchboardExtension;
import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Hub;
import dev.switchboard.rpc.RpcInvoker;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.testing.MutableClock;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The real hub, channel policy and RPC registry in a Weld SE container, with an {@link SgcProtocol} built on them
 * and driven directly: frames go in through {@code onText}, and what the protocol sends is read back from the
 * {@link TestConnection}s. The clock is moved by hand.
 */
final class SgcHarness implements AutoCloseable {

    /** The beans a hub with the sgc protocol's collaborators needs in a Weld container without discovery. */
    static final Class<?>[] HUB_BEANS = {
        Hub.class,
        BrokerProducer.class,
        ClusterInbox.class,
        ManagedScheduler.class,
        ConnectionRegistry.class,
        ConfigProducer.class,
        ChannelPolicy.class,
        RpcInvoker.class,
        RpcPermissions.class
    };

    final WeldContainer weld;
    final Hub hub;
    final MutableClock clock = new MutableClock();
    final SgcProtocol protocol;
    final List<SgcMessageEvent> messages = new CopyOnWriteArrayList<>();

    private SgcHarness(SgcSettings settings, Class<?>... extraBeans) {
        weld = new Weld(UUID.randomUUID().toString())
                .disableDiscovery()
                .addExtension(new SwitchboardExtension())
                .addBeanClasses(HUB_BEANS)
                .addBeanClasses(
                        SgcTestBeans.Calculator.class, SgcTestBeans.SecretChannels.class, SgcTestBeans.Moderation.class)
                .addBeanClasses(extraBeans)
                .initialize();
        hub = weld.select(Hub.class).get();
        protocol = new SgcProtocol(
                hub,
                weld.select(ChannelPolicy.class).get(),
                weld.select(RpcInvoker.class).get(),
                weld.select(RpcPermissions.class).get(),
                settings,
                SgcBudgets.DEFAULTS,
                HistorySettings.DEFAULT_MAX_MESSAGES,
                true,
                clock,
                messages::add);
    }

    static SgcHarness start() {
        return new SgcHarness(SgcSettings.builder().build());
    }

    static SgcHarness start(SgcSettings settings) {
        return new SgcHarness(settings);
    }

    /** Starts with additional beans, such as a history store. */
    static SgcHarness start(SgcSettings settings, Class<?>... extraBeans) {
        return new SgcHarness(settings, extraBeans);
    }

    /** Opens a connection; the session message it receives on connect is left unread. */
    TestConnection connect() {
        return connect(null);
    }

    /** Opens a connection authenticated as a user, or anonymous when {@code user} is null. */
    TestConnection connect(String user) {
        Principal principal = user == null ? null : () -> user;
        TestConnection connection = new TestConnection(protocol, principal);
        hub.register(connection);
        protocol.onOpen(connection);
        hub.opened(connection);
        return connection;
    }

    /** Opens a connection and discards its session message. */
    TestConnection connectQuietly() {
        TestConnection connection = connect();
        connection.take();
        return connection;
    }

    /** Delivers one inbound frame and returns what the sender received in answer. */
    List<String> send(TestConnection connection, String frame) {
        protocol.onText(connection, frame);
        return connection.take();
    }

    void disconnect(TestConnection connection) {
        protocol.onClose(connection, 1000, "");
        hub.closed(connection, 1000, "");
    }

    SgcTestBeans.Calculator calculator() {
        return weld.select(SgcTestBeans.Calculator.class).get();
    }

    @Override
    public void close() {
        weld.close();
    }

    /** The acknowledgment the server sends for an id. */
    static String ack(String id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"" + id + "\"}";
    }

    /** The event every subscriber receives. */
    static String event(String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}";
    }
}
