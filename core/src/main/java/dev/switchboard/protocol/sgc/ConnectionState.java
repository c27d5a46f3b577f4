package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Connection;

/**
 * The sgc state of one connection: its QoS state and its open transactions. Both die with the connection, as in
 * sgc, except the QoS 2 part of a connection that named a QoS session, which {@link QosSessions} keeps for the
 * client's next connection.
 *
 * @param connection   the connection
 * @param qos          server messages waiting for an acknowledgment, QoS 2 messages waiting for their release
 * @param transactions the open transactions
 */
record ConnectionState(Connection connection, QosState qos, TransactionBuffer transactions) {

    /**
     * A fresh state.
     *
     * @param connection the connection
     */
    ConnectionState(Connection connection) {
        this(connection, new QosState(), new TransactionBuffer());
    }
}
