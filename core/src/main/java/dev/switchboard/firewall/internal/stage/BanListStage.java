package dev.switchboard.firewall.internal.stage;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.BanList;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.spi.FirewallRequest;

/**
 * Refuses banned clients: their requests with 403, and a connection opened before the ban at its next message
 * (close 1008). Its refusals add no threat points: the client is banned already.
 */
public final class BanListStage implements FirewallStage {

    /** Rule name: a ban. */
    public static final String RULE_BAN = "ban";

    private static final Refusal FORBIDDEN = new Refusal(RULE_BAN, 403, 0, "Forbidden");
    private static final MessageRefusal BANNED = new MessageRefusal(RULE_BAN, CloseCodes.POLICY_VIOLATION, "Banned");

    private final BanList bans;

    /**
     * Creates the stage.
     *
     * @param bans the bans in force
     */
    public BanListStage(BanList bans) {
        this.bans = bans;
    }

    @Override
    public Decision<Refusal> request(FirewallRequest request, Client client) {
        return bans.isBanned(client.key()) ? Decision.refuse(FORBIDDEN) : Decision.pass();
    }

    @Override
    public Decision<MessageRefusal> message(InboundMessage message) {
        // Most of the time nobody is banned; a message then costs no map lookup.
        return !bans.isEmpty() && bans.isBanned(message.client().key()) ? Decision.refuse(BANNED) : Decision.pass();
    }

    @Override
    public boolean refusalsAddThreatPoints() {
        return false;
    }
}
