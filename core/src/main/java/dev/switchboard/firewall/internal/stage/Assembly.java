package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.firewall.internal.BanEscalation;
import dev.switchboard.firewall.internal.BanList;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.firewall.internal.ClientKeys;
import dev.switchboard.firewall.internal.FirewallCounters;
import dev.switchboard.firewall.internal.GeoIpTable;
import dev.switchboard.firewall.internal.RateBuckets;
import dev.switchboard.firewall.internal.ThreatScores;
import dev.switchboard.spi.FirewallRule;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parts of one firewall, built together: the state the stages share (client keys, counters, bans, escalation,
 * threat scores), the stages whose state the firewall reports on, and the pipeline of every stage in {@link Stage}
 * order.
 *
 * @param keys             the client keys
 * @param counters         the counters
 * @param bans             the bans in force
 * @param escalation       the escalation of ban lengths
 * @param scores           the threat scores
 * @param bruteForce       the brute-force stage
 * @param connectionLimits the connection-limit stage
 * @param messageLimits    the message-limit stage
 * @param customRules      the custom-rule stage
 * @param pipeline         every stage, in order
 */
public record Assembly(
        ClientKeys keys,
        FirewallCounters counters,
        BanList bans,
        BanEscalation escalation,
        ThreatScores scores,
        BruteForceStage bruteForce,
        ConnectionLimitStage connectionLimits,
        MessageLimitStage messageLimits,
        CustomRuleStage customRules,
        Pipeline pipeline) {

    private static final System.Logger LOG = System.getLogger(Assembly.class.getName());

    /** Per-address entries untouched this long may be dropped (longer when a window or decay needs more). */
    private static final long IDLE_MILLIS = Duration.ofMinutes(10).toMillis();

    /**
     * Builds a firewall's parts: loads the stored bans and escalation steps and the GeoIP table.
     *
     * @param settings the settings
     * @param clock    the time source of windows, bans, scores and rate limits
     * @param store    where bans and escalation steps are kept
     * @param rules    supplies the custom rules in order, at the first request
     * @return the parts
     */
    public static Assembly of(
            FirewallSettings settings, Clock clock, BanStore store, Supplier<List<FirewallRule>> rules) {
        return of(settings, clock, store, rules, BanList.Listener.NONE);
    }

    /**
     * Builds a firewall's parts, as {@link #of(FirewallSettings, Clock, BanStore, Supplier)} does, with a listener of
     * the bans made and lifted on this node (which tells the other nodes of a cluster).
     *
     * @param settings the settings
     * @param clock    the time source of windows, bans, scores and rate limits
     * @param store    where bans and escalation steps are kept
     * @param rules    supplies the custom rules in order, at the first request
     * @param bansMade hears of this node's bans and unbans
     * @return the parts
     */
    public static Assembly of(
            FirewallSettings settings,
            Clock clock,
            BanStore store,
            Supplier<List<FirewallRule>> rules,
            BanList.Listener bansMade) {
        ClientKeys keys = new ClientKeys(settings.ipv6Prefix());
        FirewallCounters counters = new FirewallCounters();
        List<dev.switchboard.firewall.internal.EscalationLevel> steps = BanEscalation.load(store);
        BanList bans = new BanList(keys, clock, store, counters, bansMade);
        BanEscalation escalation = new BanEscalation(settings, keys, bans, steps, clock.millis(), IDLE_MILLIS);
        ThreatScores scores = new ThreatScores(settings, clock, keys, bans, escalation, counters, IDLE_MILLIS);
        RateBuckets buckets = new RateBuckets(clock);
        BruteForceStage bruteForce = new BruteForceStage(settings, clock, bans, escalation, counters, IDLE_MILLIS);
        ConnectionLimitStage connectionLimits = new ConnectionLimitStage(settings, clock, buckets, IDLE_MILLIS);
        MessageLimitStage messageLimits = new MessageLimitStage(settings, clock, buckets, counters, IDLE_MILLIS);
        CustomRuleStage customRules = new CustomRuleStage(rules);
        Map<Stage, FirewallStage> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            // Exhaustive: a new Stage constant does not compile until it is given its stage here.
            stages.put(
                    stage,
                    switch (stage) {
                        case ADDRESS_LISTS -> new AddressListStage(settings.allow(), settings.deny());
                        case BAN_LIST -> new BanListStage(bans);
                        case BRUTE_FORCE -> bruteForce;
                        case CONNECTION_LIMITS -> connectionLimits;
                        case MESSAGE_LIMITS -> messageLimits;
                        case GEOIP -> new GeoIpStage(geoIp(settings), settings.geoIpAllow(), settings.geoIpDeny());
                        case CUSTOM_RULES -> customRules;
                        case DETECTORS -> new DetectorStage(settings, scores, counters);
                    });
        }
        return new Assembly(
                keys,
                counters,
                bans,
                escalation,
                scores,
                bruteForce,
                connectionLimits,
                messageLimits,
                customRules,
                new Pipeline(stages, counters, scores));
    }

    private static GeoIpTable geoIp(FirewallSettings settings) {
        if (!settings.enabled() || settings.geoIpFile().isEmpty()) {
            return null;
        }
        GeoIpTable table = GeoIpTable.load(settings.geoIpFile().get());
        LOG.log(
                System.Logger.Level.INFO,
                "Firewall GeoIP: " + table.size() + " ranges from "
                        + settings.geoIpFile().get());
        return table;
    }

    /**
     * The largest number of addresses any per-address table holds now.
     *
     * @return the size of the fullest table
     */
    public int trackedAddresses() {
        return Math.max(
                Math.max(Math.max(bruteForce.tracked(), escalation.tracked()), connectionLimits.tracked()),
                Math.max(messageLimits.tracked(), scores.tracked()));
    }
}
