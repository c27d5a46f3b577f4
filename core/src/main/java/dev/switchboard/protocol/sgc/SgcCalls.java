package dev.switchboard.protocol.sgc;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Identity;
import dev.switchboard.api.RpcException;
import dev.switchboard.auth.RpcPermissions;
import dev.switchboard.log.LogSafe;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.rpc.RpcAllowList;
import dev.switchboard.rpc.RpcInvoker;
import dev.switchboard.spi.Authenticator;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The calls of the sgc protocol: the application's RPC methods (authorised by {@link RpcPermissions} with the
 * {@code switchboard.sgc.rpc.*} allow list, then bound and invoked by {@link RpcInvoker}), and
 * {@code sgc@refresh}, which replaces the connection's credential. Stateless; called on the connection's inbound
 * thread.
 */
final class SgcCalls {

    private static final System.Logger LOG = System.getLogger(SgcCalls.class.getName());

    private final Gateway gateway;
    private final RpcInvoker rpc;
    private final RpcPermissions access;
    private final RpcAllowList allowList;
    private final SgcSettings settings;
    private final SgcReplies replies;

    /**
     * Creates the calls.
     *
     * @param gateway  the gateway, which re-authenticates
     * @param rpc      the application's RPC methods
     * @param access   the authorisation of calls
     * @param settings the protocol settings (allow list, QoS level of results)
     * @param replies  the replies
     */
    SgcCalls(Gateway gateway, RpcInvoker rpc, RpcPermissions access, SgcSettings settings, SgcReplies replies) {
        this.gateway = gateway;
        this.rpc = rpc;
        this.access = access;
        this.allowList = new RpcAllowList(settings.rpcAuthorization(), settings.rpcAllowedMethods());
        this.settings = settings;
        this.replies = replies;
    }

    /** Calls an application method, after {@link RpcPermissions} allowed it; a notification gets no answer. */
    void call(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        WireId id = message.id();
        Optional<RpcException> refused = access.refusal(connection, message.method(), allowList);
        if (refused.isPresent()) {
            if (id != null) {
                RpcException e = refused.get();
                replies.sendError(state, id, e.code(), e.getMessage(), e.data());
            }
            return;
        }
        RpcInvoker.BoundCall call;
        try {
            call = rpc.bind(message.method(), connection, paramCandidates(message.params()));
        } catch (RpcException e) {
            failed(state, message, e);
            return;
        }
        // An asynchronous method answers later, from the thread that completes it; replies are thread-safe.
        rpc.call(call, connection, new RpcInvoker.Reply() {
            @Override
            public void result(String json) {
                if (id != null) {
                    replies.sendServer(state, id, SgcEncoder.result(json, settings.qosLevel(), id));
                }
            }

            @Override
            public void error(RpcException e) {
                failed(state, message, e);
            }
        });
    }

    private void failed(ConnectionState state, SgcMessage message, RpcException e) {
        if (message.id() != null) {
            replies.sendError(state, message.id(), e.code(), e.getMessage(), e.data());
        } else {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "Notification " + LogSafe.of(message.method()) + " on connection "
                            + state.connection().id() + " failed: " + LogSafe.of(e.getMessage()));
        }
    }

    /**
     * The readings of an RPC's params, most likely first: a string holding JSON (the 2021 JS sends
     * {@code "params":"{..}"}) is tried as that JSON, then as the string; an absent, null or empty-string params
     * (the 2021 JS {@code notify} sends {@code ""}) means no params.
     */
    static List<JsonValue> paramCandidates(JsonValue params) {
        if (params == null || params.getValueType() == JsonValue.ValueType.NULL) {
            return Collections.singletonList(null);
        }
        if (params instanceof JsonString string) {
            if (string.getString().isEmpty()) {
                return Collections.singletonList(null);
            }
            JsonValue parsed = SgcDecoder.read(string.getString());
            return parsed == null ? List.of(string) : List.of(parsed, string);
        }
        return List.of(params);
    }

    /**
     * {@code sgc@refresh}: replaces the connection's credential with {@code params.token} (a JWT) or
     * {@code params.ticket} (a connect ticket) of the same user, without reconnecting. A refused credential is
     * {@link RpcException#UNAUTHORIZED}; the connection keeps its current identity until that expires.
     */
    void refresh(ConnectionState state, SgcMessage message) {
        JsonObject fields = SgcDecoder.fields(message.params());
        String kind;
        JsonValue credential;
        if (fields.containsKey("token")) {
            kind = Authenticator.BEARER;
            credential = fields.get("token");
        } else {
            kind = Authenticator.TICKET;
            credential = fields.get("ticket");
        }
        if (!(credential instanceof JsonString text) || text.getString().isEmpty()) {
            replies.sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "sgc@refresh needs params.token or params.ticket");
            return;
        }
        Identity identity;
        try {
            identity = gateway.reauthenticate(state.connection(), kind, text.getString());
        } catch (AuthenticationException e) {
            replies.sendError(state, message.id(), RpcException.UNAUTHORIZED, "Unauthorized", e.getMessage());
            return;
        }
        if (message.id() != null) {
            state.connection().sendText(SgcEncoder.refreshed(identity.name(), identity.expiresAt(), message.id()));
        }
    }
}
