package dev.switchboard.broker.internal;

import dev.switchboard.broker.internal.ClusterWire.Kind;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker.Announcement;
import dev.switchboard.spi.Broker.Delivery;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Acts on the messages of the cluster topic that other nodes sent: publications go to the broker's ordering,
 * everything else straight to this node's hub. A message this node sent itself, or one that is not Switchboard's,
 * is ignored; one that cannot be read is logged and dropped, and the next one is read.
 */
public final class ClusterInbound {

    private static final System.Logger LOG = System.getLogger(ClusterInbound.class.getName());

    private final String nodeId;
    private final Supplier<Delivery> delivery;
    private final Consumer<ClusterWire.PublicationRequest> publications;
    private final Consumer<Announcement> announcements;

    /**
     * Creates the receiving end.
     *
     * @param nodeId        this node, whose own messages are ignored
     * @param delivery      this node's hub
     * @param publications  takes the other nodes' publications
     * @param announcements takes the other nodes' announcements
     */
    public ClusterInbound(
            String nodeId,
            Supplier<Delivery> delivery,
            Consumer<ClusterWire.PublicationRequest> publications,
            Consumer<Announcement> announcements) {
        this.nodeId = nodeId;
        this.delivery = delivery;
        this.publications = publications;
        this.announcements = announcements;
    }

    /**
     * Acts on one message.
     *
     * @param message a message of the cluster topic
     */
    public void onMessage(Message message) {
        try {
            Optional<Kind> kind = ClusterWire.kind(message);
            if (kind.isEmpty() || nodeId.equals(ClusterWire.origin(message))) {
                return;
            }
            switch (kind.get()) {
                case PUBLICATION -> {
                    publications.accept(ClusterWire.readPublication(message));
                    OptionalLong sent = ClusterWire.sent(message);
                    if (sent.isPresent()) {
                        delivery.get().remotePublicationArrived(sent.getAsLong());
                    }
                }
                case BROADCAST -> {
                    ClusterWire.BroadcastRequest request = ClusterWire.readBroadcast(message);
                    delivery.get().deliverBroadcast(request.payload(), request.audience());
                }
                case GROUPS -> {
                    ClusterWire.GroupsRequest request = ClusterWire.readGroups(message);
                    delivery.get().deliverToGroups(request.groupPattern(), request.text());
                }
                case CONNECTION -> {
                    ClusterWire.ConnectionRequest request = ClusterWire.readConnection(message);
                    delivery.get().deliverToConnection(request.connectionId(), request.payload());
                }
                case DISCONNECT -> {
                    ClusterWire.DisconnectRequest request = ClusterWire.readDisconnect(message);
                    delivery.get().disconnect(request.connectionId(), request.code(), request.reason());
                }
                case DISCONNECT_USER -> {
                    ClusterWire.DisconnectUserRequest request = ClusterWire.readDisconnectUser(message);
                    delivery.get()
                            .disconnectUser(request.user(), request.identityExpiry(), request.code(), request.reason());
                }
                case ANNOUNCEMENT -> announcements.accept(ClusterWire.readAnnouncement(message));
                case ABORT -> delivery.get().abort(ClusterWire.readAbort(message));
                case DRAIN -> {
                    ClusterWire.DrainRequest request = ClusterWire.readDrain(message);
                    delivery.get().drain(request.connectionId(), request.timeout());
                }
            }
        } catch (JMSException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "A message of the cluster topic could not be acted on and was dropped: "
                            + LogSafe.of(String.valueOf(e.getMessage())),
                    e);
        }
    }
}
