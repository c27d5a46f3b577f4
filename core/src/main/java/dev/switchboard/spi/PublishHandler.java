package dev.switchboard.spi;

import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;

/**
 * Decides whether a client's publication proceeds, and may rewrite its message. Implementations are CDI beans
 * ordered by {@link jakarta.annotation.Priority @Priority}, lowest first.
 *
 * <p><b>Contract.</b> Called on the connection's inbound thread, once per client publication, for each bean in
 * order; a rewrite is passed on to the next bean, and the first denial stops the publication and is reported to
 * the client. Server-side publications through {@link dev.switchboard.api.Gateway#publish} do not ask. An
 * exception counts as a denial with an internal-error code and is logged.
 */
public interface PublishHandler {

    /**
     * Decides on a publication.
     *
     * @param event the connection, channel and message
     * @return allow, rewrite or deny
     */
    PublishDecision onPublish(PublishEvent event);
}
