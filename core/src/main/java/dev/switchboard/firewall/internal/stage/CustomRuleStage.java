package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.FirewallRule;
import java.util.List;
import java.util.function.Supplier;

/**
 * The application's {@link FirewallRule}s, in order: the first permit admits the request at once (the detectors
 * after this stage are skipped), the first reject answers with its own status, headers and body, and a rule that
 * throws refuses the request with 500. Rules judge requests, not messages.
 */
public final class CustomRuleStage implements FirewallStage {

    /** Rule name: a {@link FirewallRule}'s rejection (or failure). */
    public static final String RULE_CUSTOM = "custom";

    private static final System.Logger LOG = System.getLogger(CustomRuleStage.class.getName());
    private static final Refusal FAILED = new Refusal(RULE_CUSTOM, 500, 0, "Internal Server Error");

    private final Supplier<List<FirewallRule>> lookup;
    private volatile List<FirewallRule> rules;

    /**
     * Creates the stage.
     *
     * @param rules supplies the rules in order, asked once, at the first request (a rule bean may itself inject the
     *              firewall, so they cannot be looked up while it is created)
     */
    public CustomRuleStage(Supplier<List<FirewallRule>> rules) {
        this.lookup = rules;
    }

    /**
     * Whether any rule exists, so a caller copies the request headers only when something reads them.
     *
     * @return true when at least one rule exists
     */
    public boolean hasRules() {
        return !rules().isEmpty();
    }

    @Override
    public Decision<Refusal> request(FirewallRequest request, Client client) {
        for (FirewallRule rule : rules()) {
            CheckResult result;
            try {
                result = rule.check(request);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Firewall rule " + rule.getClass().getName() + " failed on " + client.key()
                                + "; refusing the request",
                        e);
                return Decision.refuse(FAILED);
            }
            if (result instanceof CheckResult.Permit) {
                return Decision.allow();
            }
            if (result instanceof CheckResult.Reject reject) {
                return Decision.refuse(new Refusal(RULE_CUSTOM, reject.status(), 0, reject.body(), reject.headers()));
            }
        }
        return Decision.pass();
    }

    private List<FirewallRule> rules() {
        List<FirewallRule> known = rules;
        if (known == null) {
            known = List.copyOf(lookup.get());
            rules = known;
        }
        return known;
    }
}
