package dev.switchboard.admin;

/**
 * A Switchboard node as JMX shows it ({@code dev.switchboard:type=Node,context=<context path>}): its figures and the
 * operator's close operations. Changes made here are logged with the actor {@code jmx}.
 */
public interface NodeMXBean {

    /**
     * This node's id in the cluster.
     *
     * @return the id (the host name unless configured)
     */
    String getNodeId();

    /**
     * The Switchboard version.
     *
     * @return the version, or {@code unknown}
     */
    String getVersion();

    /**
     * Open connections.
     *
     * @return the count
     */
    long getConnections();

    /**
     * Open WebSocket connections.
     *
     * @return the count
     */
    long getWebSocketConnections();

    /**
     * Open Server-Sent Events connections.
     *
     * @return the count
     */
    long getSseConnections();

    /**
     * Open plain TCP connections (MQTT on the embedded server's TCP listener).
     *
     * @return the count
     */
    long getTcpConnections();

    /**
     * Channel names and masks with subscribers on this node.
     *
     * @return the count
     */
    long getChannels();

    /**
     * Closes one connection of this node.
     *
     * @param id     the connection id
     * @param code   1000, 1001, 1008, 1011 or 4000-4999
     * @param reason at most 123 bytes of UTF-8
     * @return false when no such connection is open here
     * @throws IllegalArgumentException for another code or a longer reason
     */
    boolean closeConnection(String id, int code, String reason);

    /**
     * Closes every connection of a user, on every node.
     *
     * @param user   the principal name
     * @param code   1000, 1001, 1008, 1011 or 4000-4999
     * @param reason at most 123 bytes of UTF-8
     * @return the connections closed on this node
     * @throws IllegalArgumentException for another code or a longer reason
     */
    int closeUser(String user, int code, String reason);
}
