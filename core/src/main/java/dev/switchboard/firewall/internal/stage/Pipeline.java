package dev.switchboard.firewall.internal.stage;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.firewall.Ban;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.FirewallCounters;
import dev.switchboard.firewall.internal.ThreatScores;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.InboundMessageCheck.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the stages in {@link Stage} order and accounts for every refusal in one place: it is counted under its rule,
 * logged at INFO with the client, and adds threat points unless its stage scores on its own.
 */
public final class Pipeline {

    /** Rule name: a client whose address is not an IP literal, which no stage could judge. */
    public static final String RULE_UNKNOWN_ADDRESS = "unknown-address";

    // The logger operators already configure for firewall refusals.
    private static final System.Logger LOG = System.getLogger("dev.switchboard.firewall.Firewall");

    private final FirewallStage[] stages;
    private final FirewallCounters counters;
    private final ThreatScores scores;

    /**
     * Assembles the pipeline.
     *
     * @param stages   one stage for each {@link Stage}, by stage; run in the order of {@link Stage}
     * @param counters where refusals are counted
     * @param scores   where refusals add threat points
     * @throws IllegalArgumentException when a stage is missing
     */
    public Pipeline(Map<Stage, FirewallStage> stages, FirewallCounters counters, ThreatScores scores) {
        this.stages = ordered(stages::get).toArray(FirewallStage[]::new);
        this.counters = counters;
        this.scores = scores;
    }

    private static List<FirewallStage> ordered(Function<Stage, FirewallStage> stages) {
        return java.util.Arrays.stream(Stage.values())
                .map(stage -> {
                    FirewallStage found = stages.apply(stage);
                    if (found == null) {
                        throw new IllegalArgumentException("No firewall stage for " + stage);
                    }
                    return found;
                })
                .toList();
    }

    /**
     * Refuses a request whose client address cannot be parsed: the firewall fails closed, since a client it cannot
     * identify is one no list, ban or limit could judge.
     *
     * @param peer the unparsable peer address text, for the log
     * @return the refusal (403)
     */
    public Refusal refuseUnknownAddress(String peer) {
        counters.increment(RULE_UNKNOWN_ADDRESS);
        LOG.log(
                System.Logger.Level.INFO,
                "Firewall refused a client whose address '" + peer + "' is not an IP address: rule "
                        + RULE_UNKNOWN_ADDRESS);
        return new Refusal(RULE_UNKNOWN_ADDRESS, 403, 0, "Forbidden: the client address cannot be determined");
    }

    /**
     * Refuses a message on a connection whose client address cannot be parsed.
     *
     * @param connection the connection
     * @return the refusal (close 1008)
     */
    public Verdict refuseUnknownAddress(Connection connection) {
        counters.increment(RULE_UNKNOWN_ADDRESS);
        LOG.log(
                System.Logger.Level.INFO,
                "Firewall refused a message on connection " + connection.id() + ": its client"
                        + " address is not an IP address; closing the connection");
        return new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Unknown client address");
    }

    /**
     * Decides on a request.
     *
     * @param request the request
     * @param client  its client
     * @return the refusal, or empty to let the request through
     */
    public Optional<Refusal> request(FirewallRequest request, Client client) {
        for (FirewallStage stage : stages) {
            Decision<Refusal> decision = stage.request(request, client);
            if (decision instanceof Decision.Allow) {
                return Optional.empty();
            }
            if (decision instanceof Decision.Refuse<Refusal> refuse) {
                Refusal refusal = refuse.refusal();
                counters.increment(refusal.rule());
                LOG.log(
                        System.Logger.Level.INFO,
                        "Firewall refused " + client.key() + ": rule " + refusal.rule() + " (HTTP " + refusal.status()
                                + ")");
                if (stage.refusalsAddThreatPoints()) {
                    scores.refused(client.key());
                }
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    /**
     * Decides on an inbound message.
     *
     * @param message the message
     * @return accept, or the refusal that closes the connection
     */
    public Verdict message(InboundMessage message) {
        for (FirewallStage stage : stages) {
            Decision<MessageRefusal> decision = stage.message(message);
            if (decision instanceof Decision.Allow) {
                return Verdict.ACCEPT;
            }
            if (decision instanceof Decision.Refuse<MessageRefusal> refuse) {
                MessageRefusal refusal = refuse.refusal();
                String key = message.client().key();
                counters.increment(refusal.rule());
                LOG.log(
                        System.Logger.Level.INFO,
                        "Firewall refused a message of " + key + " on connection "
                                + message.connection().id() + ": rule " + refusal.rule()
                                + "; closing the connection");
                if (stage.refusalsAddThreatPoints()) {
                    scores.refused(key);
                }
                return new Verdict.Refuse(refusal.closeCode(), refusal.reason());
            }
        }
        return Verdict.ACCEPT;
    }

    /**
     * Reports a failed authentication.
     *
     * @param client the client
     * @return the ban it caused, or empty
     */
    public Optional<Ban> failedAuthentication(Client client) {
        for (FirewallStage stage : stages) {
            Decision<Ban> decision = stage.failedAuthentication(client);
            if (decision instanceof Decision.Allow) {
                return Optional.empty();
            }
            if (decision instanceof Decision.Refuse<Ban> ban) {
                return Optional.of(ban.refusal());
            }
        }
        return Optional.empty();
    }
}
