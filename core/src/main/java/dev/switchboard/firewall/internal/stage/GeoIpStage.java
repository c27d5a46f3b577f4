package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.GeoIpTable;
import dev.switchboard.spi.FirewallRequest;
import java.util.Optional;
import java.util.Set;

/**
 * The country lists: a request from a country on the deny list, or, when the allow list is not empty, from any
 * country not on it (an address in no range included), is refused with 403. Without a table every request passes.
 */
public final class GeoIpStage implements FirewallStage {

    /** Rule name: a GeoIP allow or deny list. */
    public static final String RULE_GEOIP = "geoip";

    private static final System.Logger LOG = System.getLogger(GeoIpStage.class.getName());
    private static final Refusal FORBIDDEN = new Refusal(RULE_GEOIP, 403, 0, "Forbidden");

    private final GeoIpTable table;
    private final Set<String> allow;
    private final Set<String> deny;

    /**
     * Creates the stage.
     *
     * @param table the address ranges by country, or null for none (every request passes)
     * @param allow countries admitted; empty: any
     * @param deny  countries refused
     */
    public GeoIpStage(GeoIpTable table, Set<String> allow, Set<String> deny) {
        this.table = table;
        this.allow = Set.copyOf(allow);
        this.deny = Set.copyOf(deny);
    }

    @Override
    public Decision<Refusal> request(FirewallRequest request, Client client) {
        if (table == null) {
            return Decision.pass();
        }
        Optional<String> country = table.country(client.address());
        boolean denied = country.map(deny::contains).orElse(false)
                || !allow.isEmpty() && !country.map(allow::contains).orElse(false);
        if (!denied) {
            return Decision.pass();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "GeoIP: " + client.key() + " is in " + country.orElse("no range"));
        return Decision.refuse(FORBIDDEN);
    }
}
