package dev.switchboard.broker;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A real Artemis broker in the test's JVM, reached through Artemis's in-VM transport: the cluster broker talks to it
 * with the Artemis Jakarta Messaging client exactly as it talks to a remote one.
 */
final class ArtemisOnTestJvm implements AutoCloseable {

    private static int nextServerId = 100;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final int serverId;

    ArtemisOnTestJvm() throws Exception {
        synchronized (ArtemisOnTestJvm.class) {
            serverId = nextServerId++;
        }
        Configuration configuration = new ConfigurationImpl()
                .setName("test-" + serverId)
                .setSecurityEnabled(false)
                .setPersistenceEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://" + serverId);
        server.setConfiguration(configuration);
        server.start();
    }

    /** A new client connection factory for this broker. */
    ActiveMQConnectionFactory factory() {
        return new ActiveMQConnectionFactory("vm://" + serverId);
    }

    /** Stops the broker: every client connection to it fails. */
    void stop() throws Exception {
        server.stop();
    }

    /** Starts it again after {@link #stop()}. */
    void restart() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
