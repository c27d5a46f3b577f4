package dev.switchboard.firewall;

import dev.switchboard.api.Connection;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.DataSources;
import dev.switchboard.firewall.internal.BanAnnouncements;
import dev.switchboard.firewall.internal.BanList;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.firewall.internal.BanStores;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.ClientAddresses;
import dev.switchboard.firewall.internal.ConnectionClients;
import dev.switchboard.firewall.internal.ThreatScores;
import dev.switchboard.firewall.internal.stage.AddressListStage;
import dev.switchboard.firewall.internal.stage.Assembly;
import dev.switchboard.firewall.internal.stage.BanListStage;
import dev.switchboard.firewall.internal.stage.BruteForceStage;
import dev.switchboard.firewall.internal.stage.ConnectionLimitStage;
import dev.switchboard.firewall.internal.stage.CustomRuleStage;
import dev.switchboard.firewall.internal.stage.GeoIpStage;
import dev.switchboard.firewall.internal.stage.InboundMessage;
import dev.switchboard.firewall.internal.stage.MessageLimitStage;
import dev.switchboard.firewall.internal.stage.Pipeline;
import dev.switchboard.firewall.internal.stage.Stage;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.FirewallRule;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The firewall: one thread-safe service that the {@link FirewallFilter} asks about every request and the hub asks
 * about every inbound WebSocket/SSE message (as an {@link InboundMessageCheck}). Applications call
 * {@link #registerFailedAttempt} when an authentication fails, and {@link #ban}/{@link #unban} to manage bans.
 *
 * <p>It assembles a pipeline of stages, one job each, and runs every request, message and failed authentication
 * through them in the order {@link Stage} writes down (and {@code docs/firewall.md} explains): address lists, bans,
 * brute force, connection limits, message limits, GeoIP, custom rules ({@link FirewallRule} beans by priority),
 * detectors. A stage may refuse, pass, or admit at once (the allow list, a custom rule's permit). Every refusal is
 * logged, counted under its rule name (see {@link #counters()}) and, with the threat score on, adds to the client's
 * score. A client whose address cannot be parsed is refused (rule {@value #RULE_UNKNOWN_ADDRESS}), never waved
 * through. "Per address" means per IPv4 address and per IPv6 network of {@code switchboard.firewall.ipv6-prefix}
 * bits (a /64 by default): limits, failures, scores and bans are all kept under that key.
 *
 * <p><b>Cluster.</b> A ban made on this node, by any source, and the lifting of one by {@link #unban}, are announced
 * to the other nodes through {@link Broker#announce} (subjects {@value BanAnnouncements#BAN} and
 * {@value BanAnnouncements#UNBAN}, bodies as {@link BanAnnouncements} describes them); a node receiving one applies
 * it with the same start, end and reason, and does not announce it again. With one node the broker drops them.
 */
@ApplicationScoped
@Priority(0)
public class Firewall implements InboundMessageCheck {

    /** Rule name: the allow list (never refuses; listed for completeness). */
    public static final String RULE_ALLOW = "allow";
    /** Rule name: the deny list. */
    public static final String RULE_DENY = AddressListStage.RULE_DENY;
    /** Rule name: a ban. */
    public static final String RULE_BAN = BanListStage.RULE_BAN;
    /** Rule name: the per-address connection rate. */
    public static final String RULE_CONNECTION_RATE = ConnectionLimitStage.RULE_CONNECTION_RATE;
    /** Rule name: the per-address concurrent-connection cap. */
    public static final String RULE_CONCURRENT = ConnectionLimitStage.RULE_CONCURRENT;
    /** Rule name: the payload size limit. */
    public static final String RULE_PAYLOAD = MessageLimitStage.RULE_PAYLOAD;
    /** Rule name: the message flood limit. */
    public static final String RULE_FLOOD = MessageLimitStage.RULE_FLOOD;
    /** Rule name: a GeoIP allow or deny list. */
    public static final String RULE_GEOIP = GeoIpStage.RULE_GEOIP;
    /** Rule name: a {@link FirewallRule} bean's rejection (or failure). */
    public static final String RULE_CUSTOM = CustomRuleStage.RULE_CUSTOM;
    /** Rule name: a client whose address is not an IP literal (fails closed: 403 or close 1008). */
    public static final String RULE_UNKNOWN_ADDRESS = Pipeline.RULE_UNKNOWN_ADDRESS;
    /** Counter name: bans issued by the threat score. */
    public static final String COUNTER_THREAT_SCORE_BANS = ThreatScores.COUNTER_BANS;
    /** Counter name: bans issued by brute-force protection. */
    public static final String COUNTER_BRUTE_FORCE_BANS = BruteForceStage.COUNTER_BANS;
    /** Seconds a client refused by the concurrent cap is told to wait. */
    public static final long CONCURRENT_RETRY_AFTER_SECONDS = ConnectionLimitStage.CONCURRENT_RETRY_AFTER_SECONDS;

    private static final System.Logger LOG = System.getLogger(Firewall.class.getName());

    private FirewallSettings settings;
    private ClientAddresses resolver;
    private ConnectionClients connections;
    private Assembly parts;

    /** For the container's client proxy only. */
    protected Firewall() {}

    /**
     * Creates the firewall of the application, with the ban store its settings name.
     *
     * @param settings    the settings
     * @param scheduler   runs the file ban store's writes
     * @param dataSources finds the JDBC ban store's DataSource
     * @param rules       the custom rule beans, ordered by {@code @Priority} at the first request
     * @param brokers     the broker that tells the other nodes of a cluster of this node's bans
     */
    @Inject
    public Firewall(
            FirewallSettings settings,
            Scheduler scheduler,
            DataSources dataSources,
            @Any Instance<FirewallRule> rules,
            Instance<Broker> brokers) {
        // Looked up at the first request, not now: a rule bean may itself inject the firewall.
        assemble(
                settings,
                Clock.systemUTC(),
                BanStores.open(settings, scheduler, dataSources),
                () -> BeanLookup.ordered(rules),
                new Announcer(brokers));
    }

    /**
     * Creates a firewall outside CDI (tests, benchmarks).
     *
     * @param settings the settings
     * @param clock    the time source of windows, bans and rate limits
     * @param store    where bans are kept
     */
    public Firewall(FirewallSettings settings, Clock clock, BanStore store) {
        this(settings, clock, store, List.of());
    }

    /**
     * Creates a firewall outside CDI that keeps bans in memory (benchmarks, tools).
     *
     * @param settings the settings
     * @param clock    the time source of windows, bans, scores and rate limits
     * @param rules    the custom rules, in order
     */
    public Firewall(FirewallSettings settings, Clock clock, List<FirewallRule> rules) {
        this(settings, clock, BanStore.NONE, rules);
    }

    /**
     * Creates a firewall outside CDI with custom rules.
     *
     * @param settings the settings
     * @param clock    the time source of windows, bans, scores and rate limits
     * @param store    where bans and escalation levels are kept
     * @param rules    the custom rules, in order
     */
    public Firewall(FirewallSettings settings, Clock clock, BanStore store, List<FirewallRule> rules) {
        List<FirewallRule> copy = List.copyOf(rules);
        assemble(settings, clock, store, () -> copy, BanList.Listener.NONE);
    }

    private void assemble(
            FirewallSettings settings,
            Clock clock,
            BanStore store,
            Supplier<List<FirewallRule>> rules,
            BanList.Listener bansMade) {
        this.settings = settings;
        this.resolver = new ClientAddresses(settings.trustedProxies(), settings.clientAddressHeader());
        this.parts = Assembly.of(settings, clock, store, rules, bansMade);
        this.connections = new ConnectionClients(resolver, parts.keys());
    }

    /** Tells the other nodes of the bans made and lifted here; the broker of one node drops what it is told. */
    private record Announcer(Instance<Broker> brokers) implements BanList.Listener {

        @Override
        public void banned(Ban ban) {
            announce(new Broker.Announcement(BanAnnouncements.BAN, BanAnnouncements.banBody(ban)));
        }

        @Override
        public void unbanned(String key) {
            announce(new Broker.Announcement(BanAnnouncements.UNBAN, BanAnnouncements.unbanBody(key)));
        }

        private void announce(Broker.Announcement announcement) {
            // Looked up at the first ban, not at construction: the broker is built when the hub starts.
            if (brokers.isResolvable()) {
                brokers.get().announce(announcement);
            }
        }
    }

    /**
     * Applies a ban, or the lifting of one, that another node announced, without announcing it again. A body that
     * is not a ban, or names an address that is not a key of this firewall, is logged and ignored; other subjects
     * are not the firewall's.
     *
     * @param announcement what another node announced
     */
    void announced(@Observes Broker.Announcement announcement) {
        String subject = announcement.subject();
        if (!subject.equals(BanAnnouncements.BAN) && !subject.equals(BanAnnouncements.UNBAN)) {
            return;
        }
        try {
            boolean understood = subject.equals(BanAnnouncements.BAN)
                    ? BanAnnouncements.parseBan(announcement.body())
                            .map(ban -> {
                                parts.bans().apply(ban);
                                return true;
                            })
                            .orElse(false)
                    : BanAnnouncements.parseUnban(announcement.body())
                            .map(address -> {
                                parts.bans().lift(address);
                                return true;
                            })
                            .orElse(false);
            if (!understood) {
                ignore(announcement, "its body is malformed");
            }
        } catch (IllegalArgumentException e) {
            ignore(announcement, e.getMessage());
        } catch (RuntimeException e) {
            // An observer that throws would stop the other observers of the announcement.
            LOG.log(System.Logger.Level.WARNING, "Applying a " + subject + " announced by another node failed", e);
        }
    }

    private static void ignore(Broker.Announcement announcement, String why) {
        LOG.log(
                System.Logger.Level.WARNING,
                "Ignored a {0} announcement ({1}): {2}",
                announcement.subject(),
                LogSafe.of(why),
                LogSafe.of(announcement.body()));
    }

    /** Writes pending ban-store changes; the container calls it at shutdown, a test or tool when it is done. */
    @PreDestroy
    public void close() {
        parts.bans().close();
    }

    /**
     * The settings in force.
     *
     * @return the settings
     */
    public FirewallSettings settings() {
        return settings;
    }

    /**
     * The one forwarding header read from trusted proxies ({@code switchboard.firewall.client-address-header}).
     *
     * @return {@code X-Forwarded-For} or {@code Forwarded}
     */
    public String clientAddressHeader() {
        return resolver.header();
    }

    /**
     * The real client of a request: the direct peer unless it is a trusted proxy, then the first untrusted hop of
     * the configured forwarding header read from the right (see {@link ClientAddresses}).
     *
     * @param directPeer {@code getRemoteAddr()}
     * @param values     the values of the {@link #clientAddressHeader()} header
     * @return the client, or empty when the peer is not an IP literal (the caller refuses the request then)
     */
    public Optional<InetAddress> clientAddress(String directPeer, List<String> values) {
        return resolver.resolve(directPeer, values);
    }

    /**
     * The key under which an address is counted and banned: an IPv4 address itself, an IPv6 address's network of
     * {@code ipv6-prefix} bits written {@code network/prefix} (the address itself when the prefix is 128).
     *
     * @param address the client
     * @return the key
     */
    public String keyOf(InetAddress address) {
        return parts.keys().keyOf(address);
    }

    /**
     * The key of an address given as text: an IP literal, or a key as {@link #keyOf(InetAddress)} prints it (an
     * IPv6 network with the configured prefix, as the ban list shows it).
     *
     * @param text the text
     * @return the key, or empty when the text is neither
     */
    public Optional<String> keyOf(String text) {
        return parts.keys().keyOf(text);
    }

    /**
     * Counts and logs a request whose client address cannot be parsed, and returns its refusal: the firewall fails
     * closed, since a client it cannot identify is one no list, ban or limit could judge.
     *
     * @param peer the unparsable peer address text, for the log
     * @return the refusal (403)
     */
    public Refusal refuseUnknownAddress(String peer) {
        return parts.pipeline().refuseUnknownAddress(peer);
    }

    /**
     * Decides on a request to the root path without headers, in the order of {@link Stage}.
     *
     * @param client            the real client
     * @param connectionRequest true for a WebSocket upgrade or an SSE stream, which the rate limits also apply to
     * @return the refusal, or empty to let the request through
     */
    public Optional<Refusal> admit(InetAddress client, boolean connectionRequest) {
        return admit(new FirewallRequest(client, "GET", URI.create("/"), Map.of(), connectionRequest));
    }

    /**
     * Decides on a request, in the order of {@link Stage}.
     *
     * @param request the request
     * @return the refusal, or empty to let the request through
     */
    public Optional<Refusal> admit(FirewallRequest request) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return parts.pipeline().request(request, parts.keys().client(request.clientAddress()));
    }

    /**
     * Whether custom rules exist, so that the filter copies the request headers only when something reads them.
     *
     * @return true when at least one {@link FirewallRule} exists
     */
    public boolean hasCustomRules() {
        return parts.customRules().hasRules();
    }

    /**
     * The threat score of an address now, after decay.
     *
     * @param address an IP literal
     * @return the score, 0 to 100
     */
    public double threatScore(String address) {
        return parts.scores().score(address);
    }

    /**
     * Reports that an admitted connection request (WebSocket upgrade, SSE stream) enters the rest of the filter
     * chain; it counts towards the concurrent cap until {@link #handshakeEnded}. The firewall filter calls both.
     *
     * @param client the client address
     */
    public void handshakeStarted(InetAddress client) {
        parts.connectionLimits().handshakeStarted(keyOf(client));
    }

    /**
     * Reports that a connection request left the filter chain: it is an open connection by now (counted by
     * {@link #opened}) or it was refused further on.
     *
     * @param client the client address
     */
    public void handshakeEnded(InetAddress client) {
        parts.connectionLimits().handshakeEnded(keyOf(client));
    }

    @Override
    public void opened(Connection connection) {
        Client client = connections.opened(connection);
        if (client != null) { // otherwise its first message is refused as an unknown address
            parts.connectionLimits().opened(client.key());
        }
    }

    @Override
    public void closed(Connection connection) {
        Client client = connections.closed(connection);
        if (client != null) {
            parts.connectionLimits().closed(client.key());
        }
    }

    /**
     * The largest number of addresses any per-address table holds now (for tests and monitoring of the bound).
     *
     * @return the size of the fullest table
     */
    public int trackedAddresses() {
        return parts.trackedAddresses();
    }

    /**
     * The number of open connections the firewall counts for an address.
     *
     * @param address the address text
     * @return the count
     */
    public int openConnections(String address) {
        return parts.connectionLimits().openConnections(parts.keys().keyOrText(address));
    }

    @Override
    public Verdict checkText(Connection connection, String message) {
        return check(connection, message, 0);
    }

    @Override
    public Verdict checkBinary(Connection connection, ByteBuffer message) {
        return check(connection, null, message.remaining());
    }

    /** A pong counts as a message of its size: a client sending unsolicited pongs meets the flood limit. */
    @Override
    public Verdict checkPong(Connection connection, ByteBuffer payload) {
        return check(connection, null, payload.remaining());
    }

    /**
     * Judges a fragment of a message a fragment-receiving handler gets: the message counts once against the flood
     * limit (at its first fragment), its bytes so far against the payload limit, and the detectors read each text
     * fragment after the end of the previous one, so an attack cut in two at a fragment boundary is still found.
     */
    @Override
    public Verdict checkFragment(Connection connection, Fragment fragment) {
        if (!settings.enabled()) {
            return Verdict.ACCEPT;
        }
        Client client = connections.clientOf(connection);
        if (client == null) {
            return parts.pipeline().refuseUnknownAddress(connection);
        }
        return parts.pipeline()
                .message(new InboundMessage(
                        connection,
                        client,
                        fragment.text(),
                        fragment.isText() ? 0 : fragment.binary().remaining(),
                        fragment.offset(),
                        fragment.first(),
                        fragment.overlap()));
    }

    private Verdict check(Connection connection, String text, long binarySize) {
        if (!settings.enabled()) {
            return Verdict.ACCEPT;
        }
        Client client = connections.clientOf(connection);
        if (client == null) {
            return parts.pipeline().refuseUnknownAddress(connection);
        }
        return parts.pipeline().message(new InboundMessage(connection, client, text, binarySize));
    }

    /**
     * Records a failed authentication. When brute-force protection is on and the address reaches
     * {@code max-attempts} failures within the sliding window, it is banned (escalating when configured) and its
     * failures are forgotten. Allow-listed addresses are never banned. Thread-safe; call it from any thread.
     *
     * @param client the client whose authentication failed
     * @return true when this failure banned the address
     */
    public boolean registerFailedAttempt(InetAddress client) {
        return settings.enabled()
                && parts.pipeline()
                        .failedAuthentication(parts.keys().client(client))
                        .isPresent();
    }

    /**
     * Bans an address, replacing any ban it had; the ban is stored so it survives a restart. An IPv6 address is
     * banned with its whole network of {@code ipv6-prefix} bits (see {@link #keyOf(InetAddress)}).
     *
     * @param address  an IP literal, or an IPv6 network with the configured prefix as the ban list shows it
     * @param duration the length; zero or negative bans until {@link #unban}
     * @param reason   why
     * @return the ban
     * @throws IllegalArgumentException when the address is not an IP literal
     */
    public Ban ban(String address, Duration duration, String reason) {
        return parts.bans().ban(address, duration, reason);
    }

    /**
     * Lifts the ban of an address.
     *
     * @param address an IP literal
     * @return true when it was banned
     */
    public boolean unban(String address) {
        return parts.bans().unban(address);
    }

    /**
     * Whether an address (or, for IPv6, its network) is banned now; an expired ban is removed on the way.
     *
     * @param address an IP literal, or a key as {@link #keyOf(InetAddress)} prints it
     * @return true when banned
     */
    public boolean isBanned(String address) {
        return parts.bans().isBanned(parts.keys().keyOrText(address));
    }

    /**
     * The bans in force, by address.
     *
     * @return the bans
     */
    public List<Ban> bans() {
        return parts.bans().bans();
    }

    /**
     * Refusal counts by rule name ({@code deny}, {@code ban}, {@code connection-rate}, {@code concurrent},
     * {@code geoip}, {@code custom}, {@code payload}, {@code flood}, {@code sql-injection}, {@code xss},
     * {@code path-traversal}, {@code command-injection}, {@code unknown-address}), violations of rules in log mode
     * ({@code flood-logged}, {@code xss-logged}, ...), {@code bans-issued}, {@code brute-force-bans},
     * {@code threat-score-bans}, {@code bans-received} (bans another node of a cluster announced and this node
     * applied), and the ban store's own counters ({@code ban-file-writes}, {@code ban-file-changes} for the file
     * store).
     *
     * @return a snapshot, sorted by name
     */
    public Map<String, Long> counters() {
        Map<String, Long> snapshot = parts.counters().snapshot();
        snapshot.putAll(parts.bans().storeCounters());
        return snapshot;
    }
}
