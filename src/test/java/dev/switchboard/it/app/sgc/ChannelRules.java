package dev.switchboard.it.app.sgc;

import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.spi.PublishHandler;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Channel rules by name prefix: nobody may subscribe to {@code secret*} or publish to {@code readonly*}, and
 * publications to {@code shout*} are rewritten to upper case.
 */
@ApplicationScoped
public class ChannelRules implements SubscribeHandler, PublishHandler {

    /** Subscriptions to channels with this prefix are denied. */
    public static final String SECRET = "secret";
    /** Publications to channels with this prefix are denied. */
    public static final String READ_ONLY = "readonly";
    /** Publications to channels with this prefix are rewritten to upper case. */
    public static final String SHOUT = "shout";
    /** The error code of a denied subscription. */
    public static final int SUBSCRIBE_DENIED = -32040;
    /** The error message of a denied subscription. */
    public static final String SUBSCRIBE_DENIED_MESSAGE = "Channel is secret";
    /** The error code of a denied publication. */
    public static final int PUBLISH_DENIED = -32041;
    /** The error message of a denied publication. */
    public static final String PUBLISH_DENIED_MESSAGE = "Channel is read-only";

    @Override
    public SubscribeDecision onSubscribe(SubscribeEvent event) {
        return event.channel().startsWith(SECRET)
                ? SubscribeDecision.deny(SUBSCRIBE_DENIED, SUBSCRIBE_DENIED_MESSAGE)
                : SubscribeDecision.allow();
    }

    @Override
    public PublishDecision onPublish(PublishEvent event) {
        if (event.channel().startsWith(READ_ONLY)) {
            return PublishDecision.deny(PUBLISH_DENIED, PUBLISH_DENIED_MESSAGE);
        }
        if (event.channel().startsWith(SHOUT)) {
            return PublishDecision.rewrite(event.message().toUpperCase(Locale.ROOT));
        }
        return PublishDecision.allow();
    }
}
