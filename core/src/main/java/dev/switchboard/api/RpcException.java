package dev.switchboard.api;

/**
 * Thrown by an {@link RpcMethod} to answer the call with a JSON-RPC error object.
 * Codes follow JSON-RPC 2.0: -32602 for invalid params, -32000 to -32099 for server errors, any other code
 * for application errors.
 */
public class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** JSON-RPC 2.0: invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** JSON-RPC 2.0: the JSON sent is not a valid request object. */
    public static final int INVALID_REQUEST = -32600;
    /** JSON-RPC 2.0: the method does not exist or is not available (also: not authorized). */
    public static final int METHOD_NOT_FOUND = -32601;
    /** JSON-RPC 2.0: invalid method parameters. */
    public static final int INVALID_PARAMS = -32602;
    /** JSON-RPC 2.0: internal error. */
    public static final int INTERNAL_ERROR = -32603;
    /** JSON-RPC 2.0 server-error range: a generic server error. */
    public static final int SERVER_ERROR = -32000;
    /**
     * -32001, in the JSON-RPC range for implementation-defined server errors: the connection is not (or no
     * longer) authenticated, or a credential it presented was refused.
     */
    public static final int UNAUTHORIZED = -32001;
    /** -32003: the connection's identity lacks a role the channel or method requires. */
    public static final int FORBIDDEN = -32003;
    /**
     * -32029 (after HTTP 429): the request would exceed one of the connection's budgets (subscriptions, open
     * transactions, waiting QoS messages, kept queues); the connection stays open and the request had no effect.
     */
    public static final int BUDGET_EXCEEDED = -32029;

    private final int code;
    private final String data;

    /**
     * Creates an error answer.
     *
     * @param code    the JSON-RPC error code
     * @param message the error message
     */
    public RpcException(int code, String message) {
        this(code, message, null);
    }

    /**
     * Creates an error answer with data.
     *
     * @param code    the JSON-RPC error code
     * @param message the error message
     * @param data    extra information for the client, or null
     */
    public RpcException(int code, String message, String data) {
        super(message);
        this.code = code;
        this.data = data;
    }

    /**
     * The JSON-RPC error code.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * Extra information for the client.
     *
     * @return the data, or null
     */
    public String data() {
        return data;
    }
}
