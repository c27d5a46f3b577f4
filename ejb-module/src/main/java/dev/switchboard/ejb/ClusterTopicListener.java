package dev.switchboard.ejb;

import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.cluster.ClusterSettings;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Receives the cluster topic on an application server and hands every message to core's {@link ClusterInbox}
 * ({@code switchboard.cluster.receiver=mdb}): an EE container forbids Switchboard its own message listener, so the
 * container's resource adapter consumes the topic for it.
 *
 * <p>The activation configuration is the Artemis resource adapter's (WildFly):
 * <ul>
 *   <li>{@code destination} is the topic's name on the broker ({@code useJNDI=false}), so no topic has to be bound
 *       in JNDI or created on the server; {@code META-INF/jboss-ejb3.xml} replaces it with the system property
 *       {@code switchboard.cluster.topic} when that is set, and names the resource adapter (the pooled connection
 *       factory) to consume with;</li>
 *   <li>a non-durable subscription: every node gets each message once, and a node that is down misses what it could
 *       not have acted on anyway (its clients are gone too);</li>
 *   <li>one session: messages are handed over one at a time in the topic's order, as Switchboard's own listener does
 *       on an embedded node, so a channel's publications arrive in the order they were sent;</li>
 *   <li>{@code reconnectAttempts=-1}, whatever the connection factory says: the subscription is this bean's
 *       client connection, and only the client's own reconnection brings it back after the broker restarted
 *       (without it the resource adapter gives the subscription up). Switchboard's sends may use a factory that
 *       fails fast instead, as {@code 40-cluster.cli}'s does.</li>
 * </ul>
 *
 * <p>No transaction: Switchboard has already acted on a message when {@link ClusterInbox#receive} returns, so
 * there is nothing to roll back. A message Switchboard cannot act on is logged and dropped instead of thrown back:
 * redelivering it would fail the same way, and with one session it would hold up every message behind it.
 */
@MessageDriven(
        name = "ClusterTopicListener",
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
            @ActivationConfigProperty(propertyName = "destination", propertyValue = ClusterSettings.DEFAULT_TOPIC),
            @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
            @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
            @ActivationConfigProperty(propertyName = "acknowledgeMode", propertyValue = "Auto-acknowledge"),
            @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1"),
            @ActivationConfigProperty(propertyName = "reconnectAttempts", propertyValue = "-1")
        })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterTopicListener implements MessageListener {

    private static final System.Logger LOG = System.getLogger(ClusterTopicListener.class.getName());

    @Inject
    ClusterInbox inbox;

    /** For the container. */
    public ClusterTopicListener() {}

    /**
     * For tests and for code outside a container.
     *
     * @param inbox where messages go
     */
    ClusterTopicListener(ClusterInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public void onMessage(Message message) {
        try {
            if (!inbox.receive(message)) {
                LOG.log(
                        System.Logger.Level.TRACE,
                        "Cluster message {0} dropped: clustering is off or not started on this node",
                        messageId(message));
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Cluster message " + messageId(message) + " could not be acted on and is dropped",
                    e);
        }
    }

    private static String messageId(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "(no id)";
        }
    }
}
