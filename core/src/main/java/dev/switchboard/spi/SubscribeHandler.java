package dev.switchboard.spi;

import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;

/**
 * Decides whether a client may subscribe to a channel. Implementations are CDI beans ordered by
 * {@link jakarta.annotation.Priority @Priority}, lowest first.
 *
 * <p><b>Contract.</b> Called on the connection's inbound thread, once per channel (comma lists are split
 * first), for each bean until one denies; the first denial is reported to the client. Server-side
 * subscriptions made through {@link dev.switchboard.api.Gateway#subscribe} do not ask. An exception counts as
 * a denial with an internal-error code and is logged.
 */
public interface SubscribeHandler {

    /**
     * Decides on a subscription.
     *
     * @param event the connection and the channel
     * @return allow or deny
     */
    SubscribeDecision onSubscribe(SubscribeEvent event);
}
