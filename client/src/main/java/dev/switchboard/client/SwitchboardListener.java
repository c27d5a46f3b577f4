package dev.switchboard.client;

/**
 * What a {@link SwitchboardClient} tells the application, one method per kind of {@link ClientEvent}; every
 * method does nothing by default, so implement those you need.
 *
 * <p>Called by the client on one thread of its own (a virtual thread), one call at a time, in the order the events
 * happened, never on the thread that reads the network: a listener may block briefly, even wait for an RPC
 * result. Events wait for the listener in a bounded buffer ({@link SwitchboardClient.Builder#bufferSize(int)}); when
 * a listener falls that far behind, the oldest waiting events are dropped and {@link #error} says how many. A
 * listener that throws is logged and goes on receiving.
 */
public interface SwitchboardListener {

    /** A connection opened; after a reconnect, the subscriptions have been renewed by then. */
    default void open(ClientEvent.Opened opened) {}

    /** A publication arrived on a subscribed channel. */
    default void event(ClientEvent.Publication publication) {}

    /** A broadcast or a message of the server application arrived. */
    default void message(ClientEvent.Message message) {}

    /** Publications were lost and cannot be replayed; they will not arrive. */
    default void gap(ClientEvent.Gap gap) {}

    /** The server confirmed a subscription. */
    default void subscribed(ClientEvent.Subscribed subscribed) {}

    /** The server confirmed the end of a subscription. */
    default void unsubscribed(ClientEvent.Unsubscribed unsubscribed) {}

    /** The server drains; the client moves on by itself. */
    default void draining(ClientEvent.Draining draining) {}

    /** The credential expires soon. */
    default void expiring(ClientEvent.Expiring expiring) {}

    /** The server accepted a new credential. */
    default void refreshed(ClientEvent.Refreshed refreshed) {}

    /** Something failed that did not close the client. */
    default void error(SwitchboardException error) {}

    /** A connection ended; {@link ClientEvent.Closed#reconnecting()} says whether the client goes on. */
    default void close(ClientEvent.Closed closed) {}
}
