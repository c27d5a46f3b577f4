package dev.switchboard.protocol.sgc;

import dev.switchboard.api.RpcException;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.hub.ChannelMask;
import dev.switchboard.hub.Hub;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import java.time.Clock;
import java.util.List;

/**
 * What every part of the sgc protocol answers with: the session, tracked server messages (at the server's QoS
 * level), errors, budget refusals, and the channel names of a client's request checked against the limits.
 * Stateless apart from the per-connection QoS state it records tracked messages in; thread-safe.
 */
final class SgcReplies {

    private static final System.Logger LOG = System.getLogger(SgcReplies.class.getName());

    private final SgcSettings settings;
    private final Clock clock;
    private final Hub hub;
    private final boolean masks;

    /**
     * Creates the replies.
     *
     * @param settings the protocol settings (QoS level)
     * @param clock    when tracked messages were sent
     * @param hub      the hub, for channel limits and refusal counts; null when the gateway is not the hub
     * @param masks    whether channel masks are on
     */
    SgcReplies(SgcSettings settings, Clock clock, Hub hub, boolean masks) {
        this.settings = settings;
        this.clock = clock;
        this.hub = hub;
        this.masks = masks;
    }

    void sendSession(ConnectionState state) {
        String guid = state.connection().id();
        sendServer(state, WireId.of(guid), SgcEncoder.session(guid, settings.qosLevel()));
    }

    /** Sends a message the server tracks at its QoS level (session, RPC result, error). */
    void sendServer(ConnectionState state, WireId id, String text) {
        if (settings.qosLevel() != QosLevel.LEVEL0) {
            state.qos().track(id, text, clock.instant());
        }
        state.connection().sendText(text);
    }

    void sendError(ConnectionState state, WireId id, int code, String message, String data) {
        String text = SgcEncoder.error(code, message, data, settings.qosLevel(), id);
        if (id == null) {
            state.connection().sendText(text);
        } else {
            sendServer(state, id, text);
        }
    }

    /** Answers a request that would exceed a budget with -32029, and counts the refusal. */
    void refuseForBudget(ConnectionState state, WireId id, String why) {
        if (hub != null) {
            hub.budgetRefused(state.connection());
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Budget refusal on connection {0}: {1}",
                state.connection().id(),
                why);
        sendError(state, id, RpcException.BUDGET_EXCEEDED, "Budget exceeded", why);
    }

    /**
     * The canonical, distinct channel names of a client's request, within the channel limits; or null after
     * answering the request with -32602 (no channel, a name or list over a limit).
     */
    List<String> channels(ConnectionState state, SgcMessage message) {
        return channels(state, message, false);
    }

    /**
     * The canonical channels of a request, as {@link #channels(ConnectionState, SgcMessage)}; with
     * {@code acknowledgeFirst}, a refusal is preceded by the request's acknowledgment, which the caller has held back.
     */
    List<String> channels(ConnectionState state, SgcMessage message, boolean acknowledgeFirst) {
        List<String> names;
        try {
            names = message.channel() == null ? List.of() : clientChannels(message.channel());
        } catch (ChannelNames.InvalidChannelException e) {
            acknowledge(state, message, acknowledgeFirst);
            sendError(state, message.id(), RpcException.INVALID_PARAMS, "Invalid params", e.getMessage());
            return null;
        }
        if (names.isEmpty()) {
            acknowledge(state, message, acknowledgeFirst);
            sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    message.method() + " needs a channel");
            return null;
        }
        return names;
    }

    private static void acknowledge(ConnectionState state, SgcMessage message, boolean acknowledge) {
        if (acknowledge && message.id() != null) {
            state.connection().sendText(SgcEncoder.acknowledgment(message.id()));
        }
    }

    private List<String> clientChannels(String spec) {
        return hub != null
                ? hub.clientChannels(spec)
                : ChannelNames.parseList(spec, ChannelNames.Limits.DEFAULTS, masks);
    }

    /**
     * Tells whether a name is a channel mask, with masks on.
     *
     * @param name the canonical name
     * @return true for a mask
     */
    boolean isMask(String name) {
        return masks && ChannelMask.isMask(name);
    }

    /**
     * Splits a channel spec the server wrote as the hub does: canonical names, blanks and repeats dropped. Client
     * specs go through {@link #channels} instead, which also enforces the limits.
     */
    static List<String> split(String spec) {
        return spec == null ? List.of() : ChannelNames.split(spec);
    }
}
