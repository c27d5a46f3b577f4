package dev.switchboard.protocol.sgc;

/**
 * The vocabulary both directions of the sgc wire format share: the JSON-RPC version, the protocol's method names,
 * the Base64 prefix of message texts, and JSON string quoting.
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
    /** Prefix of every protocol method; application RPC methods may not use it. */
    static final String RESERVED_PREFIX = "sgc@";

    private SgcWire() {}

    /**
     * Quotes a text as a JSON string (RFC 8259 section 7): quote, backslash and control characters escaped.
     *
     * @param text the text
     * @return the JSON string
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
