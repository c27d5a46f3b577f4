package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.hub.ChannelMask;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.spi.PublicationRefusedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * The publishing side of the sgc protocol: {@code sgc@publish} (kept at its queue level, within the connection's
 * budget, then published) and {@code sgc@broadcast} from clients, after the application's publish handlers; and
 * the server's own publish and broadcast for {@link SgcGateway}. Stateless apart from the shared channel queues;
 * thread-safe.
 */
final class SgcPublisher {

    private final Gateway gateway;
    private final ChannelPolicy policy;
    private final ChannelQueues queues;
    private final SgcReplies replies;
    private final SgcBudgets budgets;

    /**
     * Creates the publisher.
     *
     * @param gateway the gateway
     * @param policy  the application's publish handlers
     * @param queues  the messages kept for later subscribers
     * @param replies the replies
     * @param budgets the budgets in force
     */
    SgcPublisher(Gateway gateway, ChannelPolicy policy, ChannelQueues queues, SgcReplies replies, SgcBudgets budgets) {
        this.gateway = gateway;
        this.policy = policy;
        this.queues = queues;
        this.replies = replies;
        this.budgets = budgets;
    }

    /**
     * {@code sgc@publish} from a client.
     *
     * @param state        the connection
     * @param message      the request
     * @param acknowledge  true when the request has not been acknowledged yet: it is acknowledged once the broker
     *                     has taken the publication (a refusal by the broker is answered with an error instead, so the
     *                     client keeps what it was promised and retries), and before any other reply
     */
    void publish(ConnectionState state, SgcMessage message, boolean acknowledge) {
        List<String> names = replies.channels(state, message, acknowledge);
        if (names == null) {
            return;
        }
        // The canonical, de-duplicated list from here on: handlers, queues and the hub all see the same names.
        String spec = String.join(",", names);
        Connection connection = state.connection();
        String text = message.message() == null ? "" : message.message();
        PublishDecision decision = policy.decidePublish(connection, spec, text);
        if (!decision.allowed()) {
            acknowledgeNow(state, message, acknowledge);
            replies.sendError(state, message.id(), decision.code(), decision.message(), message.channel());
            return;
        }
        String published = decision.rewritten().orElse(text);
        SgcBudgets.Budget budget = budgets.of(connection);
        if (!queues.keep(queueChannels(names, message.queue()), published, message.queue(), connection.id(), budget)) {
            acknowledgeNow(state, message, acknowledge);
            replies.refuseForBudget(
                    state,
                    message.id(),
                    "a connection may create " + budget.queueChannels() + " channel queues and have "
                            + budget.queueBytes() + " bytes kept in them");
            return;
        }
        if (!acknowledge || message.id() == null || !(gateway instanceof Hub hub)) {
            acknowledgeNow(state, message, acknowledge);
            gateway.publish(spec, published, connection);
            return;
        }
        // QoS 2 publications carry their id to the broker, so a retry that reaches it twice is delivered once.
        Optional<String> messageId =
                message.qos() == QosLevel.LEVEL2 ? Optional.of(message.id().key()) : Optional.empty();
        Runnable acknowledgeOnAcceptance = () -> connection.sendText(SgcEncoder.acknowledgment(message.id()));
        hub.publishTracked(spec, published, Optional.of(connection), messageId, acknowledgeOnAcceptance)
                .whenComplete((count, failure) -> {
                    if (failure == null) {
                        return;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    replies.sendError(
                            state,
                            message.id(),
                            RpcException.SERVER_ERROR,
                            "Publication refused",
                            cause instanceof PublicationRefusedException
                                    ? cause.getMessage()
                                    : "the publication failed");
                });
    }

    private static void acknowledgeNow(ConnectionState state, SgcMessage message, boolean acknowledge) {
        if (acknowledge && message.id() != null) {
            state.connection().sendText(SgcEncoder.acknowledgment(message.id()));
        }
    }

    /** Keeps the message at its queue level, then fans it out; a null publisher means the server published. */
    int publish(String channelSpec, String text, QueueLevel level, Connection publisher) {
        queues.keep(queueChannels(SgcReplies.split(channelSpec), level), text, level, null, null);
        return publisher == null ? gateway.publish(channelSpec, text) : gateway.publish(channelSpec, text, publisher);
    }

    /** The concrete channels a queue-level publication is kept in: names as they are, masks expanded. */
    private List<String> queueChannels(List<String> names, QueueLevel level) {
        if (level == QueueLevel.LEVEL0) {
            return List.of();
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String name : names) {
            if (replies.isMask(name)) {
                ChannelMask mask = ChannelMask.compile(name);
                for (String channel : gateway.channels()) {
                    if (!ChannelMask.isMask(channel) && mask.matches(channel)) {
                        channels.add(channel);
                    }
                }
            } else {
                channels.add(name);
            }
        }
        return new ArrayList<>(channels);
    }

    void broadcast(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        String spec = message.channelKey();
        if (!spec.isBlank()) {
            List<String> names = replies.channels(state, message);
            if (names == null) {
                return;
            }
            spec = String.join(",", names);
        }
        String text = message.message() == null ? "" : message.message();
        PublishDecision decision = policy.decidePublish(connection, spec, text);
        if (!decision.allowed()) {
            replies.sendError(state, message.id(), decision.code(), decision.message(), spec);
            return;
        }
        broadcast(
                decision.rewritten().orElse(text),
                spec,
                Audience.EVERYONE.withSubprotocol(connection.subprotocol().orElse(SgcProtocol.NAME)));
    }

    /** Sends an {@code sgc@message} to an audience, once per channel of the spec (or once without channel). */
    int broadcast(String text, String channelSpec, Audience audience) {
        List<String> channels = SgcReplies.split(channelSpec);
        if (channels.isEmpty()) {
            return gateway.broadcast(SgcEncoder.message("", text), audience);
        }
        int count = 0;
        for (String channel : channels) {
            count += gateway.broadcast(SgcEncoder.message(channel, text), audience.withChannel(channel));
        }
        return count;
    }

    /** Drops the messages kept for one channel. */
    void clearQueue(String channel) {
        queues.clear(channel);
    }
}
