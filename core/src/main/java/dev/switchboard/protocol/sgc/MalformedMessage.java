package dev.switchboard.protocol.sgc;

/**
 * An inbound frame that cannot be processed, with the JSON-RPC error the client receives for it.
 */
final class MalformedMessage extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String data;
    private final transient SgcMessage.WireId id;

    MalformedMessage(int code, String message, String data, SgcMessage.WireId id) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
        this.id = id;
    }

    int code() {
        return code;
    }

    String data() {
        return data;
    }

    SgcMessage.WireId id() {
        return id;
    }
}
