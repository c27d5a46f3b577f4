package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.history.ResumeCursor;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The subscription requests of the sgc protocol: {@code sgc@subscribe} (with the kept queue messages, or a
 * resume from the {@code Last-Event-ID} of an event-stream connection), {@code sgc@resume} (replay from a
 * history position, or an {@code sgc@gap}), {@code sgc@unsubscribe} and {@code sgc@unsubscribeall}. Stateless;
 * called on the connection's inbound thread.
 */
final class SgcSubscriptions {

    /**
     * The connection attribute in which the SSE transport keeps the {@code Last-Event-ID} an event-stream
     * connection was opened with (the same name as the transport's own constant, which lives in an internal
     * package this one must not import).
     */
    static final String LAST_EVENT_ID_ATTRIBUTE = "dev.switchboard.sse.last-event-id";

    private final Gateway gateway;
    private final Hub hub;
    private final ChannelPolicy policy;
    private final ChannelQueues queues;
    private final SgcReplies replies;
    private final int replayLimit;

    /**
     * Creates the subscription requests.
     *
     * @param gateway     the gateway
     * @param hub         the hub (the gateway itself in production); null when the gateway is not the hub, which
     *                    cannot resume
     * @param policy      the application's subscribe handlers
     * @param queues      the messages kept for new subscribers
     * @param replies     the replies
     * @param replayLimit most history entries one resume replays
     */
    SgcSubscriptions(
            Gateway gateway, Hub hub, ChannelPolicy policy, ChannelQueues queues, SgcReplies replies, int replayLimit) {
        this.gateway = gateway;
        this.hub = hub;
        this.policy = policy;
        this.queues = queues;
        this.replies = replies;
        this.replayLimit = replayLimit;
    }

    void subscribe(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        List<String> names = replies.channels(state, message);
        if (names == null) {
            return;
        }
        for (String name : names) {
            SubscribeDecision decision = policy.decideSubscribe(connection, name);
            if (!decision.allowed()) {
                replies.sendError(state, message.id(), decision.code(), decision.message(), name);
                continue;
            }
            Optional<String> overBudget = hub == null ? Optional.empty() : hub.subscriptionRefusal(connection, name);
            if (overBudget.isPresent()) {
                replies.refuseForBudget(state, message.id(), overBudget.get());
                continue;
            }
            Optional<Position> lastEventId =
                    replies.isMask(name) ? Optional.empty() : lastEventIdPosition(connection, name);
            if (lastEventId.isPresent()) {
                // An event-stream connection that reconnected with Last-Event-ID resumes where its cursor says.
                resumeChannel(state, name, lastEventId, message.id(), false);
                continue;
            }
            gateway.subscribe(connection, name);
            connection.sendText(SgcEncoder.subscribed(name, message.id()));
            if (!queues.isEmpty()) {
                for (ChannelQueues.Kept kept : queues.replay(name, replies.isMask(name))) {
                    connection.sendText(SgcEncoder.event(kept.channel(), kept.message()));
                }
            }
        }
    }

    /**
     * {@code sgc@resume}: subscribes one exact channel and replays what was published after the client's position
     * ({@code params.epoch} and {@code params.offset}; else the connection's {@code Last-Event-ID} cursor; else
     * none, a new subscriber), or tells the client with {@code sgc@gap} what it cannot be given.
     */
    void resume(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        List<String> names = replies.channels(state, message);
        if (names == null) {
            return;
        }
        if (names.size() != 1 || replies.isMask(names.get(0))) {
            replies.sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "sgc@resume needs one exact channel, not a list or a mask");
            return;
        }
        String name = names.get(0);
        Optional<Position> since;
        try {
            since = requestedPosition(SgcDecoder.fields(message.params()));
        } catch (IllegalArgumentException e) {
            replies.sendError(state, message.id(), RpcException.INVALID_PARAMS, "Invalid params", e.getMessage());
            return;
        }
        if (since.isEmpty()) {
            since = lastEventIdPosition(connection, name);
        }
        SubscribeDecision decision = policy.decideSubscribe(connection, name);
        if (!decision.allowed()) {
            replies.sendError(state, message.id(), decision.code(), decision.message(), name);
            return;
        }
        Optional<String> overBudget = hub == null ? Optional.empty() : hub.subscriptionRefusal(connection, name);
        if (overBudget.isPresent()) {
            replies.refuseForBudget(state, message.id(), overBudget.get());
            return;
        }
        resumeChannel(state, name, since, message.id(), true);
    }

    /** The position named by {@code epoch} and {@code offset}; empty when no epoch is given. */
    private static Optional<Position> requestedPosition(JsonObject fields) {
        JsonValue epoch = fields.get("epoch");
        JsonValue offset = fields.get("offset");
        long value = 0;
        if (offset != null && offset.getValueType() != JsonValue.ValueType.NULL) {
            if (!(offset instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
                throw new IllegalArgumentException("offset must be a non-negative integer");
            }
            value = number.longValue();
        }
        if (epoch == null || epoch.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(epoch instanceof JsonString text)) {
            throw new IllegalArgumentException("epoch must be a string");
        }
        return text.getString().isEmpty() ? Optional.empty() : Optional.of(new Position(text.getString(), value));
    }

    /** The position on a channel in the Last-Event-ID an event-stream connection was opened with. */
    private static Optional<Position> lastEventIdPosition(Connection connection, String channel) {
        if (!(connection.attributes().get(LAST_EVENT_ID_ATTRIBUTE) instanceof String token)) {
            return Optional.empty();
        }
        return ResumeCursor.parse(token).get(channel);
    }

    /**
     * Subscribes after the replay, under the hub's channel lock, so that the missed publications and the live ones
     * follow each other with nothing lost or doubled. The {@code sgc@resume} reply comes last and carries the
     * position the client is at; a subscribe that resumes (Last-Event-ID) is answered first, as any subscribe.
     */
    private void resumeChannel(
            ConnectionState state, String channel, Optional<Position> since, WireId id, boolean resumeReply) {
        Connection connection = state.connection();
        Consumer<ReplayPlan> replay = plan -> {
            if (!resumeReply) {
                connection.sendText(SgcEncoder.subscribed(channel, id));
            }
            plan.gap()
                    .ifPresent(gap -> connection.sendText(SgcEncoder.gap(
                            channel,
                            gap.reason(),
                            gap.epoch(),
                            gap.fromOffset(),
                            gap.toOffset(),
                            gap.previousEpoch())));
            for (HistoryStore.Entry entry : plan.entries()) {
                connection.sendText(SgcEncoder.event(StoredPayload.publication(
                        channel,
                        entry.message(),
                        Optional.empty(),
                        entry.offset(),
                        plan.position().epoch())));
            }
            if (resumeReply) {
                connection.sendText(SgcEncoder.resumed(
                        channel, plan.position().epoch(), plan.position().offset(), id));
            }
        };
        if (hub != null) {
            hub.subscribeAfterReplay(connection, channel, since, replayLimit, replay);
        } else {
            replay.accept(ReplayPlan.unavailable(channel, since));
            gateway.subscribe(connection, channel);
        }
        if (since.isEmpty() && !queues.isEmpty()) {
            // A new subscriber is given the kept messages, as sgc@subscribe would; a resuming one has its history.
            for (ChannelQueues.Kept kept : queues.replay(channel, false)) {
                connection.sendText(SgcEncoder.event(kept.channel(), kept.message()));
            }
        }
    }

    void unsubscribe(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        List<String> names = replies.channels(state, message);
        if (names == null) {
            return;
        }
        for (String name : names) {
            List<String> removed = gateway.unsubscribe(connection, name);
            // Unsubscribing from a channel one is not subscribed to succeeds: the client's state is right either way.
            for (String channel : removed.isEmpty() ? List.of(name) : removed) {
                connection.sendText(SgcEncoder.unsubscribed(channel, message.id()));
            }
        }
    }

    /** {@code sgc@unsubscribeall}: one {@code sgc@unsubscribe} answer per channel the connection held. */
    void unsubscribeAll(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        for (String channel : gateway.unsubscribeAll(connection)) {
            connection.sendText(SgcEncoder.unsubscribed(channel, message.id()));
        }
    }
}
