/**
 * Extension points Switchboard calls: subprotocol handlers now, and handshake checks, authenticators,
 * brokers and history stores as they land.
 *
 * <p>Every interface here is small, its methods have no-op defaults, and its Javadoc says who calls each
 * method, on which thread, how often, and what an exception does. Implementations are CDI beans.
 */
package dev.switchboard.spi;
