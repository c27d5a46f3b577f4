package dev.switchboard.firewall;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.firewall.internal.BoundedMap;
import dev.switchboard.firewall.internal.ClientAddresses;
import dev.switchboard.firewall.internal.JdbcBanStore;
import dev.switchboard.spi.InboundMessageCheck;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
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
 *       message checks and brute force) → <b>deny list</b> (403) → <b>bans</b> (403) → and for WebSocket/SSE
 *       connection requests only: <b>connection rate</b> (429) → <b>concurrent cap</b> (429). GeoIP and custom rules,
 *       which the seed puts after the rate limits, are not implemented yet.</li>
 *   <li>Inbound messages, {@link #checkText}/{@link #checkBinary}: <b>allow list</b> (deliver) → <b>bans</b> (a ban
 *       issued while a connection is open closes it at its next message, 1008) → <b>payload size</b> (1009) →
 *       <b>flood</b> (1008). The seed's injection detectors (before payload) and custom rules (last) are not
 *       implemented yet.</li>
 * </ol>
 *
 * <p>Every refusal is logged (INFO, with the rule and the client address) and counted under its rule name; see
 * {@link #counters()}. Per-address tables are bounded ({@code switchboard.firewall.max-tracked-addresses}) and
 * expire idle entries.
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
    private final ConcurrentHashMap<String, String> connectionAddresses = new ConcurrentHashMap<>();
    private BoundedMap<Attempts> failures;
    private BoundedMap<Escalation> escalations;
    private BoundedMap<Bucket> connectionRates;
    private BoundedMap<Bucket> floods;

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
    protected Firewall() {
    }

    /**
     * Creates a firewall outside CDI (tests, benchmarks).
     *
     * @param settings the settings
     * @param clock    the time source of windows, bans and rate limits
     * @param store    where bans are kept
     */
    public Firewall(FirewallSettings settings, Clock clock, BanStore store) {
        configure(settings, clock, store);
    }

    @PostConstruct
    void start() {
        FirewallSettings read = FirewallSettings.read(ConfigReader.standard());
        BanStore chosen = BanStore.NONE;
        if (read.enabled() && read.banStore().equals("jdbc")) {
            Optional<DataSource> dataSource = lookup(read.dataSource());
            if (dataSource.isPresent()) {
                chosen = new JdbcBanStore(dataSource::get);
            } else {
                LOG.log(System.Logger.Level.WARNING, "No DataSource at " + read.dataSource()
                        + "; firewall bans are kept in memory only and will not survive a restart");
            }
        }
        configure(read, Clock.systemUTC(), chosen);
    }

    private void configure(FirewallSettings settings, Clock clock, BanStore store) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.resolver = new ClientAddresses(settings.trustedProxies());
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
        failures = new BoundedMap<>(max, Math.max(IDLE_MILLIS, settings.bruteForceWindow().toMillis()));
        escalations = new BoundedMap<>(max, Math.max(IDLE_MILLIS, settings.escalationReset().toMillis()));
        connectionRates = new BoundedMap<>(max, Math.max(IDLE_MILLIS, settings.connectionRateWindow().toMillis()));
        floods = new BoundedMap<>(max, IDLE_MILLIS);
        try {
            for (Ban ban : store.load()) {
                if (!ban.expired(clock.instant())) {
                    bans.put(ban.address(), ban);
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
     * The real client of a request (the direct peer unless it is a trusted proxy; see {@link ClientAddresses}).
     *
     * @param directPeer   {@code getRemoteAddr()}
     * @param forwarded    the {@code Forwarded} header values
     * @param forwardedFor the {@code X-Forwarded-For} header values
     * @return the client, or empty when the peer is not an IP literal (for example a Unix-domain socket)
     */
    public Optional<InetAddress> clientAddress(String directPeer, List<String> forwarded, List<String> forwardedFor) {
        return resolver.resolve(directPeer, forwarded, forwardedFor);
    }

    private String clientOf(Connection connection) {
        String known = connectionAddresses.get(connection.id());
        if (known != null) {
            return known;
        }
        Map<String, List<String>> headers = connection.headers();
        return clientAddress(connection.remoteAddress().getHostString(),
                headers.getOrDefault("forwarded", List.of()), headers.getOrDefault("x-forwarded-for", List.of()))
                .map(InetAddress::getHostAddress).orElse(connection.remoteAddress().getHostString());
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
        if (!settings.enabled() || settings.allow().contains(client)) {
            return Optional.empty();
        }
        String address = client.getHostAddress();
        if (settings.deny().contains(client)) {
            return refuse(new Refusal(RULE_DENY, 403, 0, "Forbidden"), address);
        }
        if (isBanned(address)) {
            return refuse(new Refusal(RULE_BAN, 403, 0, "Forbidden"), address);
        }
        if (!connectionRequest) {
            return Optional.empty();
        }
        if (settings.connectionRate()) {
            Bucket bucket = connectionRates.get(address, clock.millis(), key -> bucket(
                    settings.connectionRateMax(), settings.connectionRateWindow()));
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                return refuse(new Refusal(RULE_CONNECTION_RATE, 429, seconds, "Too many connections"), address);
            }
        }
        if (settings.concurrent()) {
            AtomicInteger count = open.get(address);
            // Counted when the hub reports a connection open: handshakes in flight may overshoot by their number.
            if (count != null && count.get() >= settings.concurrentMax()) {
                return refuse(new Refusal(RULE_CONCURRENT, 429, CONCURRENT_RETRY_AFTER_SECONDS,
                        "Too many open connections"), address);
            }
        }
        return Optional.empty();
    }

    private Bucket bucket(int capacity, Duration period) {
        // Intervally refill: the whole allowance returns at the end of each period, the seed's fixed window.
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, period).build())
                .withCustomTimePrecision(meter)
                .build();
    }

    private Optional<Refusal> refuse(Refusal refusal, String address) {
        count(refusal.rule());
        LOG.log(System.Logger.Level.INFO, "Firewall refused " + address + ": rule " + refusal.rule()
                + " (HTTP " + refusal.status() + ")");
        return Optional.of(refusal);
    }

    private void count(String name) {
        counters.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    // ---- inbound messages --------------------------------------------------------------------------------

    @Override
    public void opened(Connection connection) {
        String address = clientOf(connection);
        connectionAddresses.put(connection.id(), address);
        open.computeIfAbsent(address, key -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void closed(Connection connection) {
        String address = connectionAddresses.remove(connection.id());
        if (address != null) {
            open.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    /**
     * The largest number of addresses any per-address table holds now (for tests and monitoring of the bound).
     *
     * @return the size of the fullest table
     */
    public int trackedAddresses() {
        return Math.max(Math.max(failures.size(), escalations.size()), Math.max(connectionRates.size(), floods.size()));
    }

    /**
     * The number of open connections the firewall counts for an address.
     *
     * @param address the address text
     * @return the count
     */
    public int openConnections(String address) {
        AtomicInteger count = open.get(address);
        return count == null ? 0 : count.get();
    }

    @Override
    public Verdict checkText(Connection connection, String message) {
        if (!settings.enabled()) {
            return Verdict.ACCEPT;
        }
        long size = settings.payload() && (long) message.length() * 3 > settings.payloadMax()
                ? message.getBytes(StandardCharsets.UTF_8).length : message.length();
        return checkMessage(connection, size);
    }

    @Override
    public Verdict checkBinary(Connection connection, ByteBuffer message) {
        return settings.enabled() ? checkMessage(connection, message.remaining()) : Verdict.ACCEPT;
    }

    private Verdict checkMessage(Connection connection, long size) {
        String address = clientOf(connection);
        if (!settings.allow().isEmpty() && AddressSet.literal(address).map(settings.allow()::contains).orElse(false)) {
            return Verdict.ACCEPT;
        }
        if (!bans.isEmpty() && isBanned(address)) {
            refuseMessage(RULE_BAN, address, connection);
            return new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Banned");
        }
        if (settings.payload() && size > settings.payloadMax()) {
            Verdict verdict = act(settings.payloadAction(), RULE_PAYLOAD, address, connection,
                    CloseCodes.MESSAGE_TOO_BIG, "Message too big");
            if (verdict != Verdict.ACCEPT) {
                return verdict;
            }
        }
        if (settings.flood()) {
            Bucket bucket = floods.get(address, clock.millis(), key -> bucket(settings.floodMax(), Duration.ofSeconds(1)));
            if (!bucket.tryConsume(1)) {
                return act(settings.floodAction(), RULE_FLOOD, address, connection,
                        CloseCodes.POLICY_VIOLATION, "Message flood");
            }
        }
        return Verdict.ACCEPT;
    }

    private Verdict act(FirewallSettings.Action action, String rule, String address, Connection connection,
                        int code, String reason) {
        return switch (action) {
            case ALLOW -> Verdict.ACCEPT;
            case LOG -> {
                count(rule + "-logged");
                LOG.log(System.Logger.Level.INFO, "Firewall rule " + rule + " fired for " + address + " on "
                        + connection.id() + " (action log: delivered)");
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
        LOG.log(System.Logger.Level.INFO, "Firewall refused a message of " + address + " on " + connection.id()
                + ": rule " + rule + "; closing the connection");
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
        String address = AddressSet.normalise(client).getHostAddress();
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
        ban(address, duration, "brute force: " + settings.bruteForceMax() + " failed authentications within "
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
            if (escalation.lastBan != Long.MIN_VALUE && now - escalation.lastBan >= settings.escalationReset().toMillis()) {
                escalation.level = 0;
            }
            List<Duration> levels = settings.escalationLevels();
            Duration duration = levels.get(Math.min(escalation.level, levels.size() - 1));
            escalation.level++;
            escalation.lastBan = now;
            return duration;
        } finally {
            escalation.lock.unlock();
        }
    }

    /**
     * Bans an address, replacing any ban it had; the ban is stored so it survives a restart.
     *
     * @param address  an IP literal
     * @param duration the length; zero or negative bans until {@link #unban}
     * @param reason   why
     * @return the ban
     * @throws IllegalArgumentException when the address is not an IP literal
     */
    public Ban ban(String address, Duration duration, String reason) {
        String normal = AddressSet.literal(address)
                .orElseThrow(() -> new IllegalArgumentException("Not an IP address: " + address)).getHostAddress();
        Instant now = clock.instant();
        Ban ban = new Ban(normal, now, duration.isZero() || duration.isNegative()
                ? Optional.empty() : Optional.of(now.plus(duration)), reason);
        banLock.lock();
        try {
            bans.put(normal, ban);
            persist(() -> store.save(ban), normal);
        } finally {
            banLock.unlock();
        }
        count("bans-issued");
        LOG.log(System.Logger.Level.WARNING, "Firewall banned " + normal + " "
                + ban.until().map(u -> "until " + u).orElse("permanently") + ": " + reason);
        return ban;
    }

    /**
     * Lifts the ban of an address.
     *
     * @param address an IP literal
     * @return true when it was banned
     */
    public boolean unban(String address) {
        Optional<InetAddress> parsed = AddressSet.literal(address);
        if (parsed.isEmpty()) {
            return false;
        }
        String normal = parsed.get().getHostAddress();
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
     * Whether an address is banned now; an expired ban is removed on the way.
     *
     * @param address an IP literal as {@link InetAddress#getHostAddress()} prints it
     * @return true when banned
     */
    public boolean isBanned(String address) {
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
        return bans.values().stream().filter(ban -> !ban.expired(now))
                .sorted(Comparator.comparing(Ban::address)).toList();
    }

    private void persist(Runnable write, String address) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Persisting the firewall ban of " + address
                    + " failed; it holds in memory until restart", e);
        }
    }

    /**
     * Refusal counts by rule name ({@code deny}, {@code ban}, {@code connection-rate}, {@code concurrent},
     * {@code payload}, {@code flood}), violations of rules in log mode ({@code flood-logged}, ...), and
     * {@code bans-issued} and {@code brute-force-bans}.
     *
     * @return a snapshot, sorted by name
     */
    public Map<String, Long> counters() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }
}
