package dev.switchboard.embedded.presence;

import dev.switchboard.api.event.PresenceChannelEvent;
import dev.switchboard.api.event.PresenceDecision;
import dev.switchboard.api.event.PresenceMemberEvent;
import dev.switchboard.spi.PresenceHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** An application's presence rules for the tests: no member named like a bot, no channel called "closed". */
@ApplicationScoped
public class NoBotsPresenceHandler implements PresenceHandler {

    @Override
    public PresenceDecision onNewMember(PresenceMemberEvent event) {
        return event.name().endsWith("bot") ? PresenceDecision.deny("No bots here.") : PresenceDecision.allow();
    }

    @Override
    public PresenceDecision onNewChannelMember(PresenceChannelEvent event) {
        return event.channel().equals("closed")
                ? PresenceDecision.deny("The channel is closed.")
                : PresenceDecision.allow();
    }
}
