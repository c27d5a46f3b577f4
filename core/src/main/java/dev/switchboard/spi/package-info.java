/**
 * Extension points Switchboard calls: subprotocol handlers, handshake checks, authenticators, the broker every
 * message between connections goes through, history stores and the scheduler.
 *
 * <p>Every interface here is small, its methods have no-op defaults, and its Javadoc says who calls each
 * method, on which thread, how often, and what an exception does. Implementations are CDI beans.
 */
package dev.switchboard.spi;
