package dev.switchboard.testing;

import dev.switchboard.broker.BrokerSettings;
import dev.switchboard.broker.MemoryBroker;
import dev.switchboard.spi.Broker;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test double of the {@link Broker} SPI: the broker of one node ({@link MemoryBroker}, real in everything else)
 * that records what its node announced and, once {@link #linkTo linked}, hands each announcement to another node, as
 * the cluster broker does over Jakarta Messaging. It lets a Weld test of two nodes judge what a component announces
 * and how the other node acts on it, without a messaging server; the cluster broker's own tests cover the transport.
 */
@Singleton
public class RecordingBroker extends MemoryBroker {

    private final List<Announcement> announced = new CopyOnWriteArrayList<>();
    private volatile Consumer<Announcement> otherNodes = announcement -> {};

    /**
     * Creates the broker, without history.
     *
     * @param settings the broker settings
     */
    @Inject
    public RecordingBroker(BrokerSettings settings) {
        super(null, null, settings);
    }

    /**
     * Hands every later announcement to another node: there it is a CDI event, as the cluster broker fires it.
     *
     * @param receiver fires the announcement on the other node
     */
    public void linkTo(Consumer<Announcement> receiver) {
        otherNodes = receiver;
    }

    /**
     * What this node announced, in order.
     *
     * @return the announcements
     */
    public List<Announcement> announced() {
        return List.copyOf(announced);
    }

    @Override
    public void announce(Announcement announcement) {
        announced.add(announcement);
        otherNodes.accept(announcement);
    }
}
