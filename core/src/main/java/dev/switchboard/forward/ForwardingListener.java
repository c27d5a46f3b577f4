package dev.switchboard.forward;

/**
 * Told of every plain HTTP request a forwarding route answered (relayed WebSockets and TCP bridges are not
 * requests of this kind), for metrics. Implement it as a CDI bean; the forwarding filter looks the beans up once,
 * when it starts.
 *
 * <p><b>Who calls it.</b> The forwarding filter, on the request's thread, after the response's status is set (the
 * upstream's, or the refusal's: 400, 401, 502, 503, 504). Keep it quick: it runs before the request thread is
 * released. An exception is logged and does not change the response.
 */
public interface ForwardingListener {

    /**
     * One request answered.
     *
     * @param route  the route's name
     * @param status the HTTP status sent to the client
     * @param nanos  from the filter taking the request to the end of the response, in nanoseconds
     */
    void forwarded(String route, int status, long nanos);
}
