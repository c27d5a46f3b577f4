package dev.switchboard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Message;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Where a container's message-driven bean hands the cluster topic's messages to Switchboard
 * ({@link ClusterSettings.Receiver#MDB} mode): the EJB module's bean calls {@link #receive} for every message it
 * gets. The {@link JmsBroker} of this node registers itself here when it starts; until then, and when clustering is
 * off, messages are dropped (nothing of this node could have been waiting for them).
 */
@ApplicationScoped
public class ClusterInbox {

    private final AtomicReference<Consumer<Message>> receiver = new AtomicReference<>();

    /**
     * Hands one message of the cluster topic to this node's broker. Called by the message-driven bean on the
     * container's threads, possibly several at once; returns once the message was acted on.
     *
     * @param message the message
     * @return true when a broker took it, false when clustering is off or not started on this node
     */
    public boolean receive(Message message) {
        Consumer<Message> current = receiver.get();
        if (current == null) {
            return false;
        }
        current.accept(message);
        return true;
    }

    /**
     * Registers the broker's receiving end; called by the cluster broker when it starts.
     *
     * @param broker what acts on each message
     */
    public void register(Consumer<Message> broker) {
        receiver.set(broker);
    }

    /**
     * Unregisters it; called when the broker stops.
     *
     * @param broker what {@link #register} was given
     */
    public void unregister(Consumer<Message> broker) {
        receiver.compareAndSet(broker, null);
    }
}
