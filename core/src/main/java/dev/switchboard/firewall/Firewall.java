package dev.switchboard.firewall;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.cdi.Beans;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.firewall.internal.BoundedMap;
import dev.switchboard.firewall.internal.ClientAddresses;
import dev.switchboard.firewall.internal.Detector;
import dev.switchboard.firewall.internal.EscalationLevel;
import dev.switchboard.firewall.internal.FileBanStore;
import dev.switchboard.firewall.internal.GeoIpTable;
import dev.switchboard.firewall.internal.JdbcBanStore;
import dev.switchboard.firewall.internal.Normaliser;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.FirewallRule;
import dev.switchboard.spi.InboundMessageCheck;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The firewall: one thread-safe service that the {@link FirewallFilter} asks about every request and the hub asks
 * about every inbound WebSocket/SSE message (as an {@link InboundMessageCheck}). Applications call
 * {@link #registerFailedAttempt} when an authentication fails, and {@link #ban}/{@link #unban} to manage bans.
 *
 * <h2>Order of checks</h2>
 * This is the one place the order is defined (sgcWebSockets' order, allow list first as its priority page says):
 * <ol>
 *   <li>Requests and connections, {@link #admit}: <b>allow list</b> (admit, skip everything below, including the
 *       message checks, brute force and the threat score) → <b>deny list</b> (403) → <b>bans</b> (403) → for
 *       WebSocket/SSE connection requests only: <b>connection rate</b> (429) → <b>concurrent cap</b> (429) → then
 *       for every request: <b>GeoIP</b> (403) → <b>custom rules</b> ({@link FirewallRule} beans by priority; a
 *       permit admits at once, a reject answers with its own status) → <b>query-string detectors</b> (SQL injection,
 *       XSS, path traversal, command injection, each only on its configured paths; 403 or logged).</li>
 *   <li>Inbound messages, {@link #checkText}/{@link #checkBinary}: <b>allow list</b> (deliver) → <b>bans</b> (a ban
 *       issued while a connection is open closes it at its next message, 1008) → <b>payload size</b> (1009) →
 *       <b>flood</b> (1008) → for text messages on a connection whose handshake path a detector covers: <b>SQL
 *       injection → XSS → path traversal → command injection</b> (1008 or logged). The seed runs the detectors
 *       before the size and flood limits; they run after them here so an oversize or flooding message is never
 *       scanned. Custom rules judge connections, not messages (an application adds an
 *       {@link InboundMessageCheck} bean for that).</li>
 * </ol>
 *
 * <p>Every refusal is logged (INFO, with the rule and the client address) and counted under its rule name; see
 * {@link #counters()}. With the threat score on, every refusal but a ban's adds
 * {@code refusal-points} to the client's score and every detection (denied or logged) {@code detection-points};
 * the score decays by {@code decay-per-hour}, and on reaching {@code threshold} the address is banned through
 * {@link #ban} (escalating when configured). Per-address tables are bounded
 * ({@code switchboard.firewall.max-tracked-addresses}) and expire idle entries.
 *
 * <p>"Per address" means per IPv4 address and per IPv6 network of {@code switchboard.firewall.ipv6-prefix} bits
 * (a /64 by default), because one IPv6 subscriber holds a whole /64 and could otherwise rotate through it: rate
 * limits, flood, concurrent caps, failures, threat scores and bans are all kept under that key. A request or message
 * whose client address cannot be parsed is refused (rule {@value #RULE_UNKNOWN_ADDRESS}), never waved through.
 */
@ApplicationScoped
@Priority(0)
public class Firewall implements InboundMessageCheck {

    /** Rule name: the allow list (never refuses; listed for completeness). */
    public static final String RULE_ALLOW = "allow";
    /** Rule name: the deny list. */
    public static final String RULE_DENY = "deny";
    /** Rule name: a ban. */
    public static final String RULE_BAN = "ban";
    /** Rule name: the per-address connection rate. */
    public static final String RULE_CONNECTION_RATE = "connection-rate";
    /** Rule name: the per-address concurrent-connection cap. */
    public static final String RULE_CONCURRENT = "concurrent";
    /** Rule name: the payload size limit. */
    public static final String RULE_PAYLOAD = "payload";
    /** Rule name: the message flood limit. */
    public static final String RULE_FLOOD = "flood";
    /** Rule name: a GeoIP allow or deny list. */
    public static final String RULE_GEOIP = "geoip";
    /** Rule name: a {@link FirewallRule} bean's rejection (or failure). */
    public static final String RULE_CUSTOM = "custom";
    /** Rule name: a client whose address is not an IP literal (fails closed: 403 or close 1008). */
    public static final String RULE_UNKNOWN_ADDRESS = "unknown-address";
    /** Counter name: bans issued by the threat score. */
    public static final String COUNTER_THREAT_SCORE_BANS = "threat-score-bans";
    /** Counter name: bans issued by brute-force protection. */
    public static final String COUNTER_BRUTE_FORCE_BANS = "brute-force-bans";
    /** Seconds a client refused by the concurrent cap is told to wait. */
    public static final long CONCURRENT_RETRY_AFTER_SECONDS = 5;

    private static final System.Logger LOG = System.getLogger(Firewall.class.getName());
    private static final long IDLE_MILLIS = Duration.ofMinutes(10).toMillis();

    private FirewallSettings settings;
    private Clock clock;
    private BanStore store;
    private ClientAddresses resolver;
    private TimeMeter meter;
    private final ReentrantLock banLock = new ReentrantLock();
    private final ConcurrentHashMap<String, Ban> bans = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    // Connection requests admitted and still in the filter chain (authentication, the upgrade): they count towards
    // the concurrent cap until the hub reports the connection open, so a burst of slow handshakes cannot overshoot.
    private final ConcurrentHashMap<String, AtomicInteger> handshaking = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Client> connectionAddresses = new ConcurrentHashMap<>();
    private BoundedMap<Attempts> failures;
    private BoundedMap<Escalation> escalations;
    private BoundedMap<Bucket> connectionRates;
    private BoundedMap<Bucket> floods;
    private BoundedMap<Score> scores;
    private GeoIpTable geoIp;
    private Detector[] detectorKinds;
    private FirewallSettings.DetectorSettings[] detectorSettings;
    private volatile List<FirewallRule> rules;

    @Inject
    @Any
    Instance<FirewallRule> ruleBeans;

    /** A connection's client and its key, resolved once when it opens so a message costs no address work. */
    private record Client(InetAddress address, String key) {}

    private static final class Score {
        final ReentrantLock lock = new ReentrantLock();
        double points;
        long updated;
    }

    private static final class Attempts {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Long> times = new ArrayDeque<>();
    }

    private static final class Escalation {
        final ReentrantLock lock = new ReentrantLock();
        int level;
        long lastBan = Long.MIN_VALUE;
    }

    /** For CDI; {@link #start()} reads the settings. */
    protected Firewall() {}

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
        this.rules = List.copyOf(rules);
        configure(settings, clock, store);
    }

    @PostConstruct
    void start() {
        FirewallSettings read = FirewallSettings.read(ConfigReader.standard());
        BanStore chosen = BanStore.NONE;
        if (read.enabled() && read.banStore().equals("file")) {
            chosen = new FileBanStore(
                    read.banFile()
                            .orElseThrow(() -> new IllegalArgumentException("Configuration key "
                                    + ConfigKeys.FIREWALL_BAN_STORE + " is file, but neither "
                                    + ConfigKeys.FIREWALL_BAN_FILE + " nor " + ConfigKeys.DATA_DIR + " is set")),
                    read.banFileWriteInterval());
        } else if (read.enabled() && read.banStore().equals("jdbc")) {
            Optional<DataSource> dataSource = lookup(read.dataSource());
            if (dataSource.isPresent()) {
                chosen = new JdbcBanStore(dataSource::get);
            } else {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "No DataSource at " + read.dataSource()
                                + "; firewall bans are kept in memory only and will not survive a restart");
            }
        }
        configure(read, Clock.systemUTC(), chosen);
    }

    private void configure(FirewallSettings settings, Clock clock, BanStore store) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.resolver = new ClientAddresses(settings.trustedProxies(), settings.clientAddressHeader());
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        int max = settings.maxTracked();
        failures = new BoundedMap<>(
                max, Math.max(IDLE_MILLIS, settings.bruteForceWindow().toMillis()));
        escalations = new BoundedMap<>(
                max, Math.max(IDLE_MILLIS, settings.escalationReset().toMillis()));
        connectionRates = new BoundedMap<>(
                max, Math.max(IDLE_MILLIS, settings.connectionRateWindow().toMillis()));
        floods = new BoundedMap<>(max, IDLE_MILLIS);
        FirewallSettings.ThreatScore threat = settings.threatScore();
        // A score is forgotten once it has fully decayed: then it would be zero anyway.
        long decayMillis =
                threat.decayPerHour() <= 0 ? Long.MAX_VALUE / 4 : (long) (100 / threat.decayPerHour() * 3_600_000L);
        scores = new BoundedMap<>(max, Math.max(IDLE_MILLIS, decayMillis));
        geoIp = settings.enabled() ? settings.geoIpFile().map(GeoIpTable::load).orElse(null) : null;
        if (geoIp != null) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Firewall GeoIP: " + geoIp.size() + " ranges from "
                            + settings.geoIpFile().get());
        }
        List<Detector> kinds = new ArrayList<>();
        List<FirewallSettings.DetectorSettings> active = new ArrayList<>();
        for (FirewallSettings.DetectorSettings detector : settings.detectors()) {
            if (detector.enabled() && detector.action() != FirewallSettings.Action.ALLOW) {
                kinds.add(Detector.valueOf(
                        detector.rule().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
                active.add(detector);
            }
        }
        detectorKinds = kinds.toArray(Detector[]::new);
        detectorSettings = active.toArray(FirewallSettings.DetectorSettings[]::new);
        try {
            long now = clock.millis();
            for (EscalationLevel level : store.loadEscalations()) {
                if (now - level.lastBan().toEpochMilli()
                        < settings.escalationReset().toMillis()) {
                    // Keyed as now configured: a stored IPv6 address counts towards its network.
                    Escalation escalation = escalations.get(
                            keyOf(level.address()).orElse(level.address()), now, key -> new Escalation());
                    escalation.level = level.level();
                    escalation.lastBan = level.lastBan().toEpochMilli();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Loading stored escalation levels failed; starting without them", e);
        }
        try {
            for (Ban ban : store.load()) {
                if (!ban.expired(clock.instant())) {
                    String key = keyOf(ban.address()).orElse(ban.address());
                    bans.put(
                            key,
                            key.equals(ban.address()) ? ban : new Ban(key, ban.bannedAt(), ban.until(), ban.reason()));
                } else {
                    store.delete(ban.address());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Loading stored firewall bans failed; starting without them", e);
        }
    }

    private static Optional<DataSource> lookup(String name) {
        try {
            InitialContext context = new InitialContext();
            try {
                return Optional.of((DataSource) context.lookup(name));
            } finally {
                context.close();
            }
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes pending ban-store changes; the container calls it at shutdown, a test or tool when it is done. */
    @PreDestroy
    public void close() {
        store.close();
    }

    /**
     * The settings in force.
     *
     * @return the settings
     */
    public FirewallSettings settings() {
        return settings;
    }

    // ---- addresses --------------------------------------------------------------------------------------

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

    /** The client of a connection, or null when its address cannot be parsed. */
    private Client clientOf(Connection connection) {
        Client known = connectionAddresses.get(connection.id());
        if (known != null) {
            return known;
        }
        Map<String, List<String>> headers = connection.headers();
        java.net.InetSocketAddress remote = connection.remoteAddress();
        if (remote == null) {
            return null;
        }
        List<String> values = headers == null
                ? List.of()
                : headers.getOrDefault(resolver.header().toLowerCase(java.util.Locale.ROOT), List.of());
        return clientAddress(remote.getHostString(), values)
                .map(a -> new Client(a, keyOf(a)))
                .orElse(null);
    }

    /**
     * The key under which an address is counted and banned: an IPv4 address itself, an IPv6 address's network of
     * {@code ipv6-prefix} bits written {@code network/prefix} (the address itself when the prefix is 128).
     *
     * @param address the client
     * @return the key
     */
    public String keyOf(InetAddress address) {
        InetAddress normal = AddressSet.normalise(address);
        int prefix = settings.ipv6Prefix();
        if (!(normal instanceof Inet6Address) || prefix >= 128) {
            return normal.getHostAddress();
        }
        byte[] bytes = normal.getAddress();
        for (int bit = prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key of an address given as text: an IP literal, or a key as {@link #keyOf(InetAddress)} prints it (an
     * IPv6 network with the configured prefix, as the ban list shows it).
     *
     * @param text the text
     * @return the key, or empty when the text is neither
     */
    public Optional<String> keyOf(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            if (!s.substring(slash + 1).equals(Integer.toString(settings.ipv6Prefix()))) {
                return Optional.empty();
            }
            return AddressSet.literal(s.substring(0, slash))
                    .filter(a -> a instanceof Inet6Address)
                    .map(this::keyOf);
        }
        return AddressSet.literal(s).map(this::keyOf);
    }

    /**
     * Counts and logs a request whose client address cannot be parsed, and returns its refusal: the firewall fails
     * closed, since a client it cannot identify is one no list, ban or limit could judge.
     *
     * @param peer the unparsable peer address text, for the log
     * @return the refusal (403)
     */
    public Refusal refuseUnknownAddress(String peer) {
        count(RULE_UNKNOWN_ADDRESS);
        LOG.log(
                System.Logger.Level.INFO,
                "Firewall refused a client whose address '" + peer + "' is not an IP address: rule "
                        + RULE_UNKNOWN_ADDRESS);
        return new Refusal(RULE_UNKNOWN_ADDRESS, 403, 0, "Forbidden: the client address cannot be determined");
    }

    // ---- requests and connections -----------------------------------------------------------------------

    /**
     * Decides on a request, in the order the class Javadoc gives.
     *
     * @param client            the real client
     * @param connectionRequest true for a WebSocket upgrade or an SSE stream, which the rate limits also apply to
     * @return the refusal, or empty to let the request through
     */
    public Optional<Refusal> admit(InetAddress client, boolean connectionRequest) {
        return admit(new FirewallRequest(client, "GET", URI.create("/"), Map.of(), connectionRequest));
    }

    /**
     * Whether custom rules exist, so that the filter copies the request headers only when something reads them.
     *
     * @return true when at least one {@link FirewallRule} bean exists
     */
    public boolean hasCustomRules() {
        return !rules().isEmpty();
    }

    private List<FirewallRule> rules() {
        List<FirewallRule> known = rules;
        if (known == null) {
            // Looked up at the first request, not at start: a rule bean may itself inject the firewall.
            known = ruleBeans == null ? List.of() : Beans.ordered(ruleBeans);
            rules = known;
        }
        return known;
    }

    /**
     * Decides on a request, in the order the class Javadoc gives.
     *
     * @param request the request
     * @return the refusal, or empty to let the request through
     */
    public Optional<Refusal> admit(FirewallRequest request) {
        InetAddress client = request.clientAddress();
        boolean connectionRequest = request.connectionRequest();
        if (!settings.enabled() || settings.allow().contains(client)) {
            return Optional.empty();
        }
        String address = keyOf(client);
        if (settings.deny().contains(client)) {
            return refuse(new Refusal(RULE_DENY, 403, 0, "Forbidden"), address);
        }
        if (isBannedKey(address)) {
            return refuse(new Refusal(RULE_BAN, 403, 0, "Forbidden"), address);
        }
        if (connectionRequest && settings.connectionRate()) {
            Bucket bucket = connectionRates.get(
                    address,
                    clock.millis(),
                    key -> bucket(settings.connectionRateMax(), settings.connectionRateWindow()));
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                return refuse(new Refusal(RULE_CONNECTION_RATE, 429, seconds, "Too many connections"), address);
            }
        }
        if (connectionRequest && settings.concurrent()) {
            AtomicInteger count = open.get(address);
            AtomicInteger inFlight = handshaking.get(address);
            // Open connections plus admitted handshakes still in the chain; only handshakes admitted at the same
            // instant can overshoot.
            int current = (count == null ? 0 : count.get()) + (inFlight == null ? 0 : inFlight.get());
            if (current >= settings.concurrentMax()) {
                return refuse(
                        new Refusal(RULE_CONCURRENT, 429, CONCURRENT_RETRY_AFTER_SECONDS, "Too many open connections"),
                        address);
            }
        }
        if (geoIp != null) {
            Optional<String> country = geoIp.country(client);
            boolean denied = country.map(settings.geoIpDeny()::contains).orElse(false)
                    || !settings.geoIpAllow().isEmpty()
                            && !country.map(settings.geoIpAllow()::contains).orElse(false);
            if (denied) {
                LOG.log(System.Logger.Level.DEBUG, () -> "GeoIP: " + address + " is in " + country.orElse("no range"));
                return refuse(new Refusal(RULE_GEOIP, 403, 0, "Forbidden"), address);
            }
        }
        for (FirewallRule rule : rules()) {
            CheckResult result;
            try {
                result = rule.check(request);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Firewall rule " + rule.getClass().getName() + " failed on " + address
                                + "; refusing the request",
                        e);
                return refuse(new Refusal(RULE_CUSTOM, 500, 0, "Internal Server Error"), address);
            }
            if (result instanceof CheckResult.Permit) {
                return Optional.empty();
            }
            if (result instanceof CheckResult.Reject reject) {
                return refuse(new Refusal(RULE_CUSTOM, reject.status(), 0, reject.body(), reject.headers()), address);
            }
        }
        if (detectorKinds.length > 0) {
            // The path is inspected with the query: a percent-encoded ..%2f or <script> in the path is as much an
            // attack as one in the query. Both are decoded by the Normaliser before matching.
            String path = request.requestUri().getRawPath();
            String query = request.requestUri().getRawQuery();
            String inspected = (path == null ? "" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
            // Which detectors apply is decided on the decoded canonical path, like every other path decision.
            Optional<String> rule =
                    detect(request.requestUri().getPath(), inspected, address, "path and query of a request");
            if (rule.isPresent()) {
                return refuse(new Refusal(rule.get(), 403, 0, "Forbidden"), address);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the detectors that cover a path over a text; a detection in log mode is logged, counted and scored here
     * and not returned.
     *
     * @return the rule of a detection whose action is deny
     */
    private Optional<String> detect(String path, String text, String address, String what) {
        String normalised = null;
        String compact = null;
        for (int i = 0; i < detectorKinds.length; i++) {
            FirewallSettings.DetectorSettings detector = detectorSettings[i];
            if (!detector.appliesTo(path)) {
                continue;
            }
            if (normalised == null) {
                normalised = Normaliser.normalise(text, settings.inspectMaxChars());
                compact = Normaliser.compact(normalised);
            }
            if (detectorKinds[i].matches(normalised, compact, detector.patterns())) {
                score(address, settings.threatScore().detectionPoints());
                if (detector.action() == FirewallSettings.Action.DENY) {
                    return Optional.of(detector.rule());
                }
                count(detector.rule() + "-logged");
                LOG.log(
                        System.Logger.Level.INFO,
                        "Firewall rule " + detector.rule() + " fired for " + address + " on the " + what
                                + " (action log: let through)");
            }
        }
        return Optional.empty();
    }

    /**
     * The threat score of an address now, after decay.
     *
     * @param address an IP literal
     * @return the score, 0 to 100
     */
    public double threatScore(String address) {
        if (!settings.threatScore().enabled()) {
            return 0;
        }
        long now = clock.millis();
        Score score = scores.get(keyOf(address).orElse(address), now, key -> new Score());
        score.lock.lock();
        try {
            decay(score, now);
            return score.points;
        } finally {
            score.lock.unlock();
        }
    }

    private void decay(Score score, long now) {
        if (score.updated != 0 && now > score.updated) {
            score.points = Math.max(
                    0, score.points - settings.threatScore().decayPerHour() * (now - score.updated) / 3_600_000.0);
        }
        score.updated = now;
    }

    private void score(String address, int points) {
        FirewallSettings.ThreatScore threat = settings.threatScore();
        if (!threat.enabled() || points <= 0) {
            return;
        }
        long now = clock.millis();
        Score score = scores.get(address, now, key -> new Score());
        double before;
        double after;
        score.lock.lock();
        try {
            decay(score, now);
            before = score.points;
            score.points = Math.min(100, score.points + points);
            after = score.points;
            if (after >= threat.threshold()) {
                score.points = 0;
            }
        } finally {
            score.lock.unlock();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Threat score of " + address + ": " + before + " -> " + after);
        if (after >= threat.threshold() && !isBannedKey(address)) {
            Duration duration = settings.escalation() ? nextBanDuration(address, now) : threat.banDuration();
            ban(
                    address,
                    duration,
                    "threat score reached " + Math.round(after) + " (threshold " + threat.threshold() + ")");
            count(COUNTER_THREAT_SCORE_BANS);
        }
    }

    private Bucket bucket(int capacity, Duration period) {
        // Intervally refill: the whole allowance returns at the end of each period, the seed's fixed window.
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillIntervally(capacity, period)
                        .build())
                .withCustomTimePrecision(meter)
                .build();
    }

    private Optional<Refusal> refuse(Refusal refusal, String address) {
        count(refusal.rule());
        LOG.log(
                System.Logger.Level.INFO,
                "Firewall refused " + address + ": rule " + refusal.rule() + " (HTTP " + refusal.status() + ")");
        scoreRefusal(refusal.rule(), address);
        return Optional.of(refusal);
    }

    private void scoreRefusal(String rule, String address) {
        if (rule.equals(RULE_BAN)) {
            return; // already banned: scoring it again would only extend nothing
        }
        boolean detection = false;
        for (FirewallSettings.DetectorSettings detector : detectorSettings) {
            detection |= detector.rule().equals(rule);
        }
        if (!detection) {
            score(address, settings.threatScore().refusalPoints());
        }
    }

    private void count(String name) {
        counters.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    /**
     * Reports that an admitted connection request (WebSocket upgrade, SSE stream) enters the rest of the filter
     * chain; it counts towards the concurrent cap until {@link #handshakeEnded}. The firewall filter calls both.
     *
     * @param client the client address
     */
    public void handshakeStarted(InetAddress client) {
        if (settings.concurrent()) {
            handshaking
                    .computeIfAbsent(keyOf(client), key -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    /**
     * Reports that a connection request left the filter chain: it is an open connection by now (counted by
     * {@link #opened}) or it was refused further on.
     *
     * @param client the client address
     */
    public void handshakeEnded(InetAddress client) {
        if (settings.concurrent()) {
            handshaking.computeIfPresent(keyOf(client), (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    // ---- inbound messages --------------------------------------------------------------------------------

    @Override
    public void opened(Connection connection) {
        Client client = clientOf(connection);
        if (client == null) {
            return; // its first message is refused as an unknown address
        }
        connectionAddresses.put(connection.id(), client);
        open.computeIfAbsent(client.key(), key -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void closed(Connection connection) {
        Client client = connectionAddresses.remove(connection.id());
        if (client != null) {
            open.computeIfPresent(client.key(), (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    /**
     * The largest number of addresses any per-address table holds now (for tests and monitoring of the bound).
     *
     * @return the size of the fullest table
     */
    public int trackedAddresses() {
        return Math.max(
                Math.max(
                        Math.max(failures.size(), escalations.size()), Math.max(connectionRates.size(), floods.size())),
                scores.size());
    }

    /**
     * The number of open connections the firewall counts for an address.
     *
     * @param address the address text
     * @return the count
     */
    public int openConnections(String address) {
        AtomicInteger count = open.get(keyOf(address).orElse(address));
        return count == null ? 0 : count.get();
    }

    @Override
    public Verdict checkText(Connection connection, String message) {
        if (!settings.enabled()) {
            return Verdict.ACCEPT;
        }
        long size = settings.payload() && (long) message.length() * 3 > settings.payloadMax()
                ? message.getBytes(StandardCharsets.UTF_8).length
                : message.length();
        Verdict verdict = checkMessage(connection, size);
        if (verdict != Verdict.ACCEPT || detectorKinds.length == 0) {
            return verdict;
        }
        Client client = clientOf(connection);
        if (settings.allow().contains(client.address())) {
            return Verdict.ACCEPT;
        }
        String address = client.key();
        URI uri = connection.requestUri();
        Optional<String> rule =
                detect(uri == null ? "/" : uri.getPath(), message, address, "message of " + connection.id());
        if (rule.isPresent()) {
            refuseMessage(rule.get(), address, connection);
            return new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Rejected by " + rule.get());
        }
        return Verdict.ACCEPT;
    }

    @Override
    public Verdict checkBinary(Connection connection, ByteBuffer message) {
        return settings.enabled() ? checkMessage(connection, message.remaining()) : Verdict.ACCEPT;
    }

    private Verdict checkMessage(Connection connection, long size) {
        Client client = clientOf(connection);
        if (client == null) {
            count(RULE_UNKNOWN_ADDRESS);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Firewall refused a message on " + connection.id() + ": its client"
                            + " address is not an IP address; closing the connection");
            return new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Unknown client address");
        }
        if (settings.allow().contains(client.address())) {
            return Verdict.ACCEPT;
        }
        String address = client.key();
        if (!bans.isEmpty() && isBannedKey(address)) {
            refuseMessage(RULE_BAN, address, connection);
            return new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Banned");
        }
        if (settings.payload() && size > settings.payloadMax()) {
            Verdict verdict = act(
                    settings.payloadAction(),
                    RULE_PAYLOAD,
                    address,
                    connection,
                    CloseCodes.MESSAGE_TOO_BIG,
                    "Message too big");
            if (verdict != Verdict.ACCEPT) {
                return verdict;
            }
        }
        if (settings.flood()) {
            Bucket bucket =
                    floods.get(address, clock.millis(), key -> bucket(settings.floodMax(), Duration.ofSeconds(1)));
            if (!bucket.tryConsume(1)) {
                return act(
                        settings.floodAction(),
                        RULE_FLOOD,
                        address,
                        connection,
                        CloseCodes.POLICY_VIOLATION,
                        "Message flood");
            }
        }
        return Verdict.ACCEPT;
    }

    private Verdict act(
            FirewallSettings.Action action,
            String rule,
            String address,
            Connection connection,
            int code,
            String reason) {
        return switch (action) {
            case ALLOW -> Verdict.ACCEPT;
            case LOG -> {
                count(rule + "-logged");
                LOG.log(
                        System.Logger.Level.INFO,
                        "Firewall rule " + rule + " fired for " + address + " on " + connection.id()
                                + " (action log: delivered)");
                yield Verdict.ACCEPT;
            }
            case DENY -> {
                refuseMessage(rule, address, connection);
                yield new Verdict.Refuse(code, reason);
            }
        };
    }

    private void refuseMessage(String rule, String address, Connection connection) {
        count(rule);
        LOG.log(
                System.Logger.Level.INFO,
                "Firewall refused a message of " + address + " on " + connection.id() + ": rule " + rule
                        + "; closing the connection");
        scoreRefusal(rule, address);
    }

    // ---- brute force and bans ----------------------------------------------------------------------------

    /**
     * Records a failed authentication. When brute-force protection is on and the address reaches
     * {@code max-attempts} failures within the sliding window, it is banned (escalating when configured) and its
     * failures are forgotten. Allow-listed addresses are never banned. Thread-safe; call it from any thread.
     *
     * @param client the client whose authentication failed
     * @return true when this failure banned the address
     */
    public boolean registerFailedAttempt(InetAddress client) {
        if (!settings.enabled() || !settings.bruteForce() || settings.allow().contains(client)) {
            return false;
        }
        String address = keyOf(client);
        long now = clock.millis();
        long windowStart = now - settings.bruteForceWindow().toMillis();
        Attempts attempts = failures.get(address, now, key -> new Attempts());
        attempts.lock.lock();
        try {
            while (!attempts.times.isEmpty() && attempts.times.peekFirst() <= windowStart) {
                attempts.times.pollFirst();
            }
            attempts.times.addLast(now);
            if (attempts.times.size() < settings.bruteForceMax()) {
                return false;
            }
            attempts.times.clear();
        } finally {
            attempts.lock.unlock();
        }
        Duration duration = nextBanDuration(address, now);
        ban(
                address,
                duration,
                "brute force: " + settings.bruteForceMax() + " failed authentications within "
                        + settings.bruteForceWindow().toSeconds() + " s");
        count(COUNTER_BRUTE_FORCE_BANS);
        return true;
    }

    private Duration nextBanDuration(String address, long now) {
        if (!settings.escalation() || settings.escalationLevels().isEmpty()) {
            return settings.banDuration();
        }
        Escalation escalation = escalations.get(address, now, key -> new Escalation());
        escalation.lock.lock();
        try {
            if (escalation.lastBan != Long.MIN_VALUE
                    && now - escalation.lastBan >= settings.escalationReset().toMillis()) {
                escalation.level = 0;
            }
            List<Duration> levels = settings.escalationLevels();
            Duration duration = levels.get(Math.min(escalation.level, levels.size() - 1));
            escalation.level++;
            escalation.lastBan = now;
            EscalationLevel stored = new EscalationLevel(address, escalation.level, Instant.ofEpochMilli(now));
            banLock.lock();
            try {
                persist(() -> store.saveEscalation(stored), address);
            } finally {
                banLock.unlock();
            }
            return duration;
        } finally {
            escalation.lock.unlock();
        }
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
        String normal = keyOf(address).orElseThrow(() -> new IllegalArgumentException("Not an IP address: " + address));
        Instant now = clock.instant();
        Ban ban = new Ban(
                normal,
                now,
                duration.isZero() || duration.isNegative() ? Optional.empty() : Optional.of(now.plus(duration)),
                reason);
        banLock.lock();
        try {
            bans.put(normal, ban);
            persist(() -> store.save(ban), normal);
        } finally {
            banLock.unlock();
        }
        count("bans-issued");
        LOG.log(
                System.Logger.Level.WARNING,
                "Firewall banned " + normal + " "
                        + ban.until().map(u -> "until " + u).orElse("permanently") + ": " + LogSafe.of(reason));
        return ban;
    }

    /**
     * Lifts the ban of an address.
     *
     * @param address an IP literal
     * @return true when it was banned
     */
    public boolean unban(String address) {
        Optional<String> parsed = keyOf(address);
        if (parsed.isEmpty()) {
            return false;
        }
        String normal = parsed.get();
        banLock.lock();
        try {
            Ban removed = bans.remove(normal);
            persist(() -> store.delete(normal), normal);
            if (removed != null) {
                LOG.log(System.Logger.Level.INFO, "Firewall ban of " + normal + " lifted");
            }
            return removed != null;
        } finally {
            banLock.unlock();
        }
    }

    /**
     * Whether an address (or, for IPv6, its network) is banned now; an expired ban is removed on the way.
     *
     * @param address an IP literal, or a key as {@link #keyOf(InetAddress)} prints it
     * @return true when banned
     */
    public boolean isBanned(String address) {
        return isBannedKey(keyOf(address).orElse(address));
    }

    private boolean isBannedKey(String address) {
        Ban ban = bans.get(address);
        if (ban == null) {
            return false;
        }
        if (ban.expired(clock.instant())) {
            banLock.lock();
            try {
                if (bans.remove(address, ban)) {
                    persist(() -> store.delete(address), address);
                }
            } finally {
                banLock.unlock();
            }
            return false;
        }
        return true;
    }

    /**
     * The bans in force, by address.
     *
     * @return the bans
     */
    public List<Ban> bans() {
        Instant now = clock.instant();
        return bans.values().stream()
                .filter(ban -> !ban.expired(now))
                .sorted(Comparator.comparing(Ban::address))
                .toList();
    }

    private void persist(Runnable write, String address) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Persisting the firewall ban of " + address + " failed; it holds in memory until restart",
                    e);
        }
    }

    /**
     * Refusal counts by rule name ({@code deny}, {@code ban}, {@code connection-rate}, {@code concurrent},
     * {@code geoip}, {@code custom}, {@code payload}, {@code flood}, {@code sql-injection}, {@code xss},
     * {@code path-traversal}, {@code command-injection}, {@code unknown-address}), violations of rules in log mode
     * ({@code flood-logged}, {@code xss-logged}, ...), {@code bans-issued}, {@code brute-force-bans} and
     * {@code threat-score-bans}, and the ban store's own counters ({@code ban-file-writes},
     * {@code ban-file-changes} for the file store).
     *
     * @return a snapshot, sorted by name
     */
    public Map<String, Long> counters() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        snapshot.putAll(store.counters());
        return snapshot;
    }
}
