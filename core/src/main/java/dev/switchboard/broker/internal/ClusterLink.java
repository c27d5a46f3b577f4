package dev.switchboard.broker.internal;

import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.spi.Scheduler;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This node's link to the cluster topic: sends requests to it and, in {@link ClusterSettings.Receiver#LISTENER}
 * mode, receives the other nodes' requests from it (in {@code MDB} mode the container's message-driven bean
 * receives them and only sending is done here, each send on a context of the container's pooled factory).
 *
 * <p><b>Losing the link.</b> A failed send, or the provider's exception listener, marks the link down: the failure
 * is logged once, {@link #up()} answers false (the health endpoint reports the node not ready), and reconnection is
 * attempted on the {@link Scheduler} after {@link ClusterSettings#reconnectMin()}, doubling up to
 * {@link ClusterSettings#reconnectMax()}, until it succeeds; its success is logged once too. Requests sent while
 * the link is down fail at once with a {@link LinkDownException}; the broker decides what that means for each.
 */
public final class ClusterLink implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterLink.class.getName());

    /**
     * Sending contexts in listener mode. A request goes through the slot its key (the channel) hashes to, so the
     * requests of one key leave this node through one session, in the order they were made.
     */
    private static final int SENDERS = 8;

    /** Builds one message on the context it is sent with. */
    @FunctionalInterface
    public interface MessageBuilder {
        /**
         * Builds the message.
         *
         * @param context the context that sends it
         * @return the message
         * @throws JMSException when the provider refuses
         */
        Message build(JMSContext context) throws JMSException;
    }

    /** A send while the link is down, or a send that failed and took the link down. */
    public static final class LinkDownException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkDownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ClusterSettings settings;
    private final Supplier<ConnectionFactory> factoryLookup;
    private final Function<JMSContext, Topic> topicLookup;
    private final Scheduler scheduler;
    private final MessageListener inbound;
    private final ReentrantLock lock = new ReentrantLock();
    private final SenderSlot[] senders = new SenderSlot[SENDERS];

    // Guarded by lock.
    private ConnectionFactory factory;
    private JMSContext consumerContext;
    private volatile Topic topic;
    private volatile int generation;
    private Duration nextDelay;
    private Future<?> reconnect;
    private int failedAttempts;
    private boolean closed;

    private volatile boolean up;

    /**
     * Creates the link; nothing connects before {@link #start()}.
     *
     * @param settings  the cluster settings
     * @param factory   finds the connection factory (a JNDI lookup); called on every connection attempt
     * @param topic     finds the topic on a context
     * @param scheduler where reconnection runs
     * @param inbound   receives the other nodes' messages (listener mode), on the provider's thread, one at a time
     */
    public ClusterLink(
            ClusterSettings settings,
            Supplier<ConnectionFactory> factory,
            Function<JMSContext, Topic> topic,
            Scheduler scheduler,
            MessageListener inbound) {
        this.settings = settings;
        this.factoryLookup = factory;
        this.topicLookup = topic;
        this.scheduler = scheduler;
        this.inbound = inbound;
        this.nextDelay = settings.reconnectMin();
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new SenderSlot();
        }
    }

    /** Connects, or schedules reconnection when the broker cannot be reached now. */
    public void start() {
        lock.lock();
        try {
            try {
                connect();
                up = true;
                LOG.log(
                        System.Logger.Level.INFO,
                        "Node {0} joined the cluster topic {1} ({2})",
                        settings.nodeId(),
                        settings.topic(),
                        settings.receiver().name().toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                markDown("Node " + settings.nodeId() + " cannot reach the cluster topic " + settings.topic(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether the link works.
     *
     * @return false from a failure until a reconnection succeeded
     */
    public boolean up() {
        return up;
    }

    /**
     * Sends a message to the cluster topic, waiting for the broker to take it when persistent. Messages with the same
     * key leave this node in the order of their sends (listener mode).
     *
     * @param key        orders the sends: a channel, a connection id, a user
     * @param builder    builds the message
     * @param persistent persistent delivery (sgc QoS 1 and 2 publications)
     * @throws LinkDownException when the link is down or the send failed
     */
    public void send(String key, MessageBuilder builder, boolean persistent) {
        if (!up) {
            throw new LinkDownException("the cluster link is down", null);
        }
        try {
            if (settings.receiver() == ClusterSettings.Receiver.MDB) {
                // The container's pooled factory: a context per send is cheap there and never shared by threads.
                try (JMSContext context = connectionFactory().createContext()) {
                    sendOn(context, builder, persistent);
                }
                return;
            }
            SenderSlot slot = senders[Math.floorMod(key.hashCode(), senders.length)];
            slot.lock.lock();
            try {
                try {
                    sendOn(slot.context(), builder, persistent);
                } catch (JMSException | JMSRuntimeException e) {
                    slot.discard();
                    throw e;
                }
            } finally {
                slot.lock.unlock();
            }
        } catch (JMSException | JMSRuntimeException e) {
            linkFailed(e);
            throw new LinkDownException("sending to the cluster topic failed: " + e.getMessage(), e);
        }
    }

    private void sendOn(JMSContext context, MessageBuilder builder, boolean persistent) throws JMSException {
        Message message = builder.build(context);
        context.createProducer()
                .setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT)
                .send(topic(context), message);
    }

    /**
     * Marks the link down after a failure seen outside a send (the provider's exception listener, a broken
     * consumer); reconnection starts.
     *
     * @param cause the failure
     */
    public void linkFailed(Throwable cause) {
        lock.lock();
        try {
            if (closed || !up) {
                return;
            }
            markDown(
                    "Node " + settings.nodeId() + " lost the cluster link; it serves its own clients until the link"
                            + " is back",
                    cause);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            up = false;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            disconnect();
        } finally {
            lock.unlock();
        }
        for (SenderSlot slot : senders) {
            slot.lock.lock();
            try {
                slot.discard();
            } finally {
                slot.lock.unlock();
            }
        }
    }

    // ---- connecting --------------------------------------------------------------------------------------

    /** Called with the lock held. */
    private void connect() {
        disconnect();
        factory = factoryLookup.get();
        if (settings.receiver() == ClusterSettings.Receiver.LISTENER) {
            JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            try {
                context.setExceptionListener(this::linkFailed);
                topic = topicLookup.apply(context);
                // The node's own requests were acted on where they were made.
                JMSConsumer consumer = context.createConsumer(
                        topic, ClusterWire.ORIGIN + " <> '" + settings.nodeId().replace("'", "''") + "'");
                consumer.setMessageListener(inbound);
                context.start();
            } catch (RuntimeException e) {
                context.close();
                throw e;
            }
            consumerContext = context;
        } else {
            // The container's pooled factory: prove it reaches the broker; every send takes a context of its own.
            try (JMSContext context = factory.createContext()) {
                topic = topicLookup.apply(context);
                context.createProducer();
            }
        }
    }

    /** Called with the lock held. */
    private void disconnect() {
        // Sending contexts of the old connection are closed by their slots when next used.
        generation++;
        if (consumerContext != null) {
            closeQuietly(consumerContext);
            consumerContext = null;
        }
    }

    /** Called with the lock held. */
    private void markDown(String what, Throwable cause) {
        up = false;
        LOG.log(System.Logger.Level.WARNING, what + ": " + cause);
        scheduleReconnect();
    }

    /** Called with the lock held. */
    private void scheduleReconnect() {
        if (closed || (reconnect != null && !reconnect.isDone())) {
            return;
        }
        Duration delay = nextDelay;
        nextDelay = nextDelay.multipliedBy(2).compareTo(settings.reconnectMax()) > 0
                ? settings.reconnectMax()
                : nextDelay.multipliedBy(2);
        reconnect = scheduler.schedule(this::reconnect, delay);
    }

    private void reconnect() {
        lock.lock();
        try {
            reconnect = null;
            if (closed || up) {
                return;
            }
            try {
                connect();
            } catch (RuntimeException e) {
                failedAttempts++;
                LOG.log(System.Logger.Level.DEBUG, "Reconnecting the cluster link failed: " + e);
                scheduleReconnect();
                return;
            }
            up = true;
            LOG.log(
                    System.Logger.Level.INFO,
                    "Node {0} is linked to the cluster again after {1} failed attempt(s)",
                    settings.nodeId(),
                    failedAttempts);
            failedAttempts = 0;
            nextDelay = settings.reconnectMin();
        } finally {
            lock.unlock();
        }
    }

    // ---- sending contexts ------------------------------------------------------------------------------

    /** One sending context of the consumer's connection, used by one thread at a time. */
    private final class SenderSlot {
        final ReentrantLock lock = new ReentrantLock();
        private JMSContext context;
        private int contextGeneration;

        /** The slot's context, created on first use and again after the connection was replaced. */
        JMSContext context() {
            int current = generation;
            if (context != null && contextGeneration == current) {
                return context;
            }
            discard();
            ClusterLink.this.lock.lock();
            try {
                if (consumerContext == null) {
                    throw new JMSRuntimeException("the cluster link is down");
                }
                // A context of the consumer's connection: one TCP connection per node.
                context = consumerContext.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                contextGeneration = generation;
                return context;
            } finally {
                ClusterLink.this.lock.unlock();
            }
        }

        void discard() {
            if (context != null) {
                closeQuietly(context);
                context = null;
            }
        }
    }

    private ConnectionFactory connectionFactory() {
        lock.lock();
        try {
            if (factory == null) {
                throw new JMSRuntimeException("the cluster link is down");
            }
            return factory;
        } finally {
            lock.unlock();
        }
    }

    private Topic topic(JMSContext context) {
        Topic known = topic;
        return known != null ? known : topicLookup.apply(context);
    }

    private static void closeQuietly(JMSContext context) {
        try {
            context.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a messaging context failed: " + e);
        }
    }
}
