package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.AddressSet;
import dev.switchboard.firewall.Ban;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.spi.FirewallRequest;

/**
 * The allow and deny lists. An allow-listed client is admitted at once: no later stage judges its requests or
 * messages, and its failed logins never ban it. A deny-listed client's requests are refused with 403; its open
 * connections are left to the bans, as a list is read at start and cannot change under them.
 */
public final class AddressListStage implements FirewallStage {

    /** Rule name: the deny list. */
    public static final String RULE_DENY = "deny";

    private static final Refusal FORBIDDEN = new Refusal(RULE_DENY, 403, 0, "Forbidden");

    private final AddressSet allow;
    private final AddressSet deny;

    /**
     * Creates the stage.
     *
     * @param allow the allow list
     * @param deny  the deny list
     */
    public AddressListStage(AddressSet allow, AddressSet deny) {
        this.allow = allow;
        this.deny = deny;
    }

    @Override
    public Decision<Refusal> request(FirewallRequest request, Client client) {
        if (allow.contains(client.address())) {
            return Decision.allow();
        }
        return deny.contains(client.address()) ? Decision.refuse(FORBIDDEN) : Decision.pass();
    }

    @Override
    public Decision<MessageRefusal> message(InboundMessage message) {
        return allow.contains(message.client().address()) ? Decision.allow() : Decision.pass();
    }

    @Override
    public Decision<Ban> failedAuthentication(Client client) {
        return allow.contains(client.address()) ? Decision.allow() : Decision.pass();
    }
}
