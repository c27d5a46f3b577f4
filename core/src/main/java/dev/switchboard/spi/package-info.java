/**
 * Extension points Switchboard calls: subprotocol handlers, handshake checks, authenticators, the broker every
 * message between connections goes through, history stores and the scheduler.
 *
 * <p>Every interface here is small, its methods have no-op defaults, and its Javadoc says who calls each
 * method, on which thread, how often, and what an exception does. Implementations are CDI beans, except the two
 * container-specific providers a runtime ships with its container rather than an application with its beans:
 * {@link dev.switchboard.spi.WebSocketAbort} and {@link dev.switchboard.spi.WebSocketNativeUpgrade}, found through
 * {@link java.util.ServiceLoader}, whose methods have no defaults.
 */
package dev.switchboard.spi;
