package dev.switchboard.spi;

import dev.switchboard.api.event.PresenceChannelEvent;
import dev.switchboard.api.event.PresenceDecision;
import dev.switchboard.api.event.PresenceMemberEvent;

/**
 * Sees, and may refuse, every new member and every new channel member of the presence protocol
 * ({@code presence.esegece.com}): the sgc {@code OnBeforeNewMember} and {@code OnBeforeNewChannelMember} hooks.
 * Implementations are CDI beans ordered by {@link jakarta.annotation.Priority @Priority}, lowest first.
 *
 * <p><b>Contract.</b> Called on the asking connection's inbound thread, once per request, for each bean until one
 * denies; the first denial is reported to the client (error 2 for a member, 10 for a channel member). A channel join
 * asks the subscribe rules ({@link SubscribeHandler}) first. An exception counts as a denial and is logged. Both
 * methods allow by default.
 */
public interface PresenceHandler {

    /**
     * Decides on a new member.
     *
     * @param event the connection, name and info
     * @return allow or deny
     */
    default PresenceDecision onNewMember(PresenceMemberEvent event) {
        return PresenceDecision.allow();
    }

    /**
     * Decides on a member joining a channel.
     *
     * @param event the connection, the member's name and the channel
     * @return allow or deny
     */
    default PresenceDecision onNewChannelMember(PresenceChannelEvent event) {
        return PresenceDecision.allow();
    }
}
