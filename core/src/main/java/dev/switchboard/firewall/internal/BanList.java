package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.Ban;
import dev.switchboard.log.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bans in force, by client key, kept in a {@link BanStore} so they survive a restart. Manual bans, brute force
 * and the threat score all ban through here; the ban stage refuses what it holds. An expired ban is dropped when it
 * is next looked at. A store that fails is logged and the ban holds in memory.
 */
public final class BanList {

    /** Counter name: bans issued, by any source. */
    public static final String COUNTER_BANS_ISSUED = "bans-issued";

    private static final System.Logger LOG = System.getLogger(BanList.class.getName());

    private final ClientKeys keys;
    private final Clock clock;
    private final BanStore store;
    private final FirewallCounters counters;
    // Serialises the writes to the store, so a ban and its removal reach it in the order they happened.
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<String, Ban> bans = new ConcurrentHashMap<>();

    /**
     * Creates the list and loads the unexpired bans of the store, keyed as now configured (a stored ban of a full
     * IPv6 address covers its network); expired ones are removed from the store.
     *
     * @param keys     the client keys
     * @param clock    the time source of ban starts and ends
     * @param store    where bans are kept
     * @param counters where bans issued are counted
     */
    public BanList(ClientKeys keys, Clock clock, BanStore store, FirewallCounters counters) {
        this.keys = keys;
        this.clock = clock;
        this.store = store;
        this.counters = counters;
        try {
            for (Ban ban : store.load()) {
                if (!ban.expired(clock.instant())) {
                    String key = keys.keyOrText(ban.address());
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

    /**
     * Bans an address, replacing any ban it had. An IPv6 address is banned with its whole network.
     *
     * @param address  an IP literal, or a key as {@link ClientKeys} prints it
     * @param duration the length; zero or negative bans until {@link #unban}
     * @param reason   why
     * @return the ban
     * @throws IllegalArgumentException when the address is not an IP literal
     */
    public Ban ban(String address, Duration duration, String reason) {
        String key =
                keys.keyOf(address).orElseThrow(() -> new IllegalArgumentException("Not an IP address: " + address));
        Instant now = clock.instant();
        Ban ban = new Ban(
                key,
                now,
                duration.isZero() || duration.isNegative() ? Optional.empty() : Optional.of(now.plus(duration)),
                reason);
        lock.lock();
        try {
            bans.put(key, ban);
            persist(() -> store.save(ban), key);
        } finally {
            lock.unlock();
        }
        counters.increment(COUNTER_BANS_ISSUED);
        LOG.log(
                System.Logger.Level.WARNING,
                "Firewall banned " + key + " "
                        + ban.until().map(u -> "until " + u).orElse("permanently") + ": " + LogSafe.of(reason));
        return ban;
    }

    /**
     * Lifts the ban of an address.
     *
     * @param address an IP literal, or a key
     * @return true when it was banned
     */
    public boolean unban(String address) {
        Optional<String> parsed = keys.keyOf(address);
        if (parsed.isEmpty()) {
            return false;
        }
        String key = parsed.get();
        lock.lock();
        try {
            Ban removed = bans.remove(key);
            persist(() -> store.delete(key), key);
            if (removed != null) {
                LOG.log(System.Logger.Level.INFO, "Firewall ban of " + key + " lifted");
            }
            return removed != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a client key is banned now; an expired ban is removed on the way.
     *
     * @param key the key
     * @return true when banned
     */
    public boolean isBanned(String key) {
        Ban ban = bans.get(key);
        if (ban == null) {
            return false;
        }
        if (ban.expired(clock.instant())) {
            lock.lock();
            try {
                if (bans.remove(key, ban)) {
                    persist(() -> store.delete(key), key);
                }
            } finally {
                lock.unlock();
            }
            return false;
        }
        return true;
    }

    /**
     * Whether no ban is held at all, so a message check can skip the lookup.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return bans.isEmpty();
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

    /**
     * Stores an escalation step next to the bans, in order with them.
     *
     * @param level the step
     */
    public void saveEscalation(EscalationLevel level) {
        lock.lock();
        try {
            persist(() -> store.saveEscalation(level), level.address());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The store's own counters.
     *
     * @return the counters
     */
    public Map<String, Long> storeCounters() {
        return store.counters();
    }

    /** Writes what the store holds pending. */
    public void close() {
        store.close();
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
}
