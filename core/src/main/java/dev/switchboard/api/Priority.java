package dev.switchboard.api;

/**
 * The lane of a connection's outbound queue a message waits in. A connection writes one message at a time; when
 * messages wait, the next one comes from the highest lane that has one, and messages of one lane keep their order.
 * Priorities matter only while a queue holds a backlog (a slow or throttled client), which is exactly when an alert
 * should not wait behind a bulk transfer.
 */
public enum Priority {
    /** Written before everything else that waits. */
    HIGH,
    /** The lane of every message unless configured otherwise. */
    NORMAL,
    /** Written when nothing of the other lanes waits. */
    LOW
}
