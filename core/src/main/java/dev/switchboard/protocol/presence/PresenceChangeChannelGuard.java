package dev.switchboard.protocol.presence;

import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.spi.PublishHandler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Refuses client publications to the channels where presence membership changes are published
 * ({@value PresenceEngine#PUBLIC_PREFIX}{@code NAME}): only the server writes there, so an SSE client can trust a join
 * or leave it reads. Asked before the application's handlers. A mask publication whose fixed start is not under the
 * prefix (such as {@code *}) is left to the publish rules.
 */
@ApplicationScoped
@Priority(Integer.MIN_VALUE)
public class PresenceChangeChannelGuard implements PublishHandler {

    @Override
    public PublishDecision onPublish(PublishEvent event) {
        for (String name : ChannelNames.split(event.channel())) {
            if (underPrefix(ChannelNames.fold(name))) {
                return PublishDecision.deny(
                        RpcException.FORBIDDEN,
                        "only the server publishes presence changes on " + PresenceEngine.PUBLIC_PREFIX);
            }
        }
        return PublishDecision.allow();
    }

    /** Whether a folded name lies under the prefix; so does every name a mask starting with the prefix matches. */
    private static boolean underPrefix(String folded) {
        String prefix = PresenceEngine.PUBLIC_PREFIX.toLowerCase(Locale.ROOT);
        return folded.startsWith(prefix);
    }
}
