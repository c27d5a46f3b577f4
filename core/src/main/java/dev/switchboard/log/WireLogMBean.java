package dev.switchboard.log;

/**
 * The wire log in JMX, registered as {@value WireLog#OBJECT_NAME}: switch it on for everyone, or for one connection
 * at a time by its id.
 */
public interface WireLogMBean {

    /**
     * Whether every connection is logged.
     *
     * @return the global switch
     */
    boolean isEnabled();

    /**
     * Switches logging of every connection on or off; run-time choices for single connections still win.
     *
     * @param enabled the global switch
     */
    void setEnabled(boolean enabled);

    /**
     * The ids of the open connections whose frames are written now.
     *
     * @return the ids
     */
    String[] getConnections();

    /**
     * Logs the frames of one open connection from now on, until it closes or {@link #disable} is called.
     *
     * @param connectionId the connection's id
     * @return false when no open connection has that id
     */
    boolean enable(String connectionId);

    /**
     * Stops logging one open connection, even when the global switch or a match rule would log it.
     *
     * @param connectionId the connection's id
     * @return false when no open connection has that id
     */
    boolean disable(String connectionId);
}
