package dev.switchboard.client;

/**
 * An error answer of the server: the JSON-RPC error object's {@code code}, {@code message} and {@code data}.
 *
 * <p>Codes as the server uses them: -32700 parse error, -32600 invalid request, -32601 method not found (or not
 * allowed), -32602 invalid params, -32603 internal error, -32000 refused (a full transaction, a publication the
 * broker refused), -32001 unauthorized, -32003 forbidden, -32029 budget exceeded, and the application's own codes.
 */
public class JsonRpcException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String errorMessage;
    private final String data;

    /**
     * The error of an answer.
     *
     * @param code the JSON-RPC error code
     * @param errorMessage the error's message
     * @param data the error's data as text (a JSON value that is not a string as its JSON text), or {@code null}
     */
    public JsonRpcException(int code, String errorMessage, String data) {
        super(errorMessage + " (" + code + (data == null ? "" : ": " + data) + ")");
        this.code = code;
        this.errorMessage = errorMessage;
        this.data = data;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /** The error's message as the server wrote it. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The error's data (for a refused channel, the channel), or {@code null}. */
    public String data() {
        return data;
    }
}
