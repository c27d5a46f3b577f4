package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Subprotocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The active half of the sgc protocol that applications inject: server-side publish with a queue level, queue
 * clearing, and {@code sgc@message} sends and broadcasts framed for sgc clients (the sgc server's
 * {@code Publish}, {@code ClearQueue}, {@code WriteData} and {@code Broadcast}). Thread-safe and non-blocking,
 * like {@link dev.switchboard.api.Gateway}, which remains the way to send raw text.
 */
@ApplicationScoped
public class SgcGateway {

    private SgcProtocol protocol;

    /** For the container's client proxy. */
    protected SgcGateway() {}

    /**
     * Creates the gateway.
     *
     * @param protocol the sgc protocol bean
     */
    @Inject
    public SgcGateway(@Subprotocol(SgcProtocol.NAME) SgcProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * Publishes to the subscribers of a channel spec (every subprotocol's subscribers, each in its own encoding;
     * sgc clients receive an {@code sgc@event}), keeping the message for later subscribers at the given level.
     * The subscribe and publish handlers are not asked: the server decides.
     *
     * @param channelSpec a channel, a comma list or a mask
     * @param message     the message
     * @param queue       how the message is kept for later subscribers
     * @return the number of deliveries queued
     */
    public int publish(String channelSpec, String message, QueueLevel queue) {
        return protocol.publish(channelSpec, message, queue, null);
    }

    /**
     * Drops the messages kept for one channel.
     *
     * @param channel the channel name
     */
    public void clearQueue(String channel) {
        protocol.clearQueue(channel);
    }

    /**
     * Sends a message to one sgc connection as a result-form {@code sgc@message} with an empty channel.
     *
     * @param connectionId the connection
     * @param message      the message
     * @return true when queued
     */
    public boolean send(String connectionId, String message) {
        return protocol.gateway().send(connectionId, SgcEncoder.message("", message));
    }

    /**
     * Sends an {@code sgc@message} to the sgc connections of an audience. The audience's channel, when set, is
     * named in the message and limits it to that channel's subscribers; without a subprotocol filter only
     * {@code esegece.com} connections receive it.
     *
     * @param message  the message
     * @param audience who receives it
     * @return the number of connections it was queued for
     */
    public int broadcast(String message, Audience audience) {
        Audience sgc = audience.subprotocol().isPresent() ? audience : audience.withSubprotocol(SgcProtocol.NAME);
        String channel = sgc.channel().orElse("");
        Audience unchanneled =
                new Audience(java.util.Optional.empty(), sgc.subprotocol(), sgc.include(), sgc.exclude());
        return protocol.broadcast(message, channel, unchanneled);
    }
}
