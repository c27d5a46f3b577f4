package dev.switchboard.protocol.sgc;

/**
 * The vocabulary both directions of the sgc wire format share: the JSON-RPC version, the protocol's method names,
 * the Base64 prefix of message texts. JSON strings are quoted by {@link dev.switchboard.json.JsonStrings}.
 */
final class SgcWire {

    static final String JSONRPC_VERSION = "2.0";
    /** Prefix of a Base64-encoded message text: {@code "sgc@b64:" + base64(utf8(text))}. */
    static final String B64_PREFIX = "sgc@b64:";

    static final String SESSION = "sgc@session";
    static final String ACKNOWLEDGMENT = "sgc@acknowledgment";
    static final String SUBSCRIBE = "sgc@subscribe";
    static final String UNSUBSCRIBE = "sgc@unsubscribe";
    static final String UNSUBSCRIBE_ALL = "sgc@unsubscribe_all";
    static final String PUBLISH = "sgc@publish";
    static final String EVENT = "sgc@event";
    static final String BROADCAST = "sgc@broadcast";
    static final String MESSAGE = "sgc@message";
    static final String PROTOCOL = "sgc@protocol";
    static final String TRANSACTION = "sgc@transaction";
    static final String COMMIT = "sgc@commit";
    static final String ROLLBACK = "sgc@rollback";
    static final String PUBREC = "sgc@pubrec";
    static final String PUBREL = "sgc@pubrel";
    /** Switchboard's extension: subscribe and replay the history missed since a position. */
    static final String RESUME = "sgc@resume";
    /** Switchboard's extension: the part of a channel's history a resuming client cannot be given. */
    static final String GAP = "sgc@gap";
    /** Switchboard extension: the client replaces its credential ({@code params.token} or {@code params.ticket}). */
    static final String REFRESH = "sgc@refresh";
    /** Switchboard extension: the server tells the client its credential expires soon. */
    static final String EXPIRING = "sgc@expiring";
    /** Server to client (Switchboard extension): the node drains; reconnect, to another node when there is one. */
    static final String DRAIN = "sgc@drain";
    /**
     * Client to server (Switchboard extension): names the connection's QoS session ({@code params.key}), so that
     * the QoS 2 state of the client's earlier connection is taken over.
     */
    static final String QOS_SESSION = "sgc@qos-session";
    /** Prefix of every protocol method; application RPC methods may not use it. */
    static final String RESERVED_PREFIX = "sgc@";

    private SgcWire() {}
}
