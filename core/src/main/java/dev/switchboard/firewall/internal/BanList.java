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
 *
 * <p>In a cluster the {@link Listener} hears of every ban and unban made on this node and tells the other nodes,
 * which {@link #apply} and {@link #lift} them: those two change the list without telling the listener, so a ban
 * travels from the node that made it to the others once, and never back. Expiry needs no message: every node holds
 * the ban's end.
 */
public final class BanList {

    /** Counter name: bans issued on this node, by any source. */
    public static final String COUNTER_BANS_ISSUED = "bans-issued";
    /** Counter name: bans another node issued and this node applied. */
    public static final String COUNTER_BANS_RECEIVED = "bans-received";

    /**
     * Hears of the bans made and lifted on this node, after the change, outside the list's lock; not of those
     * applied from other nodes, nor of expiries. An exception it throws is logged and the change stands.
     */
    public interface Listener {

        /** Hears nothing: a firewall of one node. */
        Listener NONE = new Listener() {
            @Override
            public void banned(Ban ban) {}

            @Override
            public void unbanned(String key) {}
        };

        /**
         * A ban was made here.
         *
         * @param ban the ban, keyed
         */
        void banned(Ban ban);

        /**
         * A ban was lifted here (or lifting was asked for an address this node held no ban of: another node may).
         *
         * @param key the client key
         */
        void unbanned(String key);
    }

    private static final System.Logger LOG = System.getLogger(BanList.class.getName());

    private final ClientKeys keys;
    private final Clock clock;
    private final BanStore store;
    private final FirewallCounters counters;
    private final Listener listener;
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
        this(keys, clock, store, counters, Listener.NONE);
    }

    /**
     * Creates the list, as {@link #BanList(ClientKeys, Clock, BanStore, FirewallCounters)} does, with a listener of
     * the bans made and lifted here.
     *
     * @param keys     the client keys
     * @param clock    the time source of ban starts and ends
     * @param store    where bans are kept
     * @param counters where bans issued are counted
     * @param listener hears of this node's bans and unbans
     */
    public BanList(ClientKeys keys, Clock clock, BanStore store, FirewallCounters counters, Listener listener) {
        this.keys = keys;
        this.clock = clock;
        this.store = store;
        this.counters = counters;
        this.listener = listener;
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
        tell(() -> listener.banned(ban), key);
        return ban;
    }

    /**
     * Holds a ban another node issued, with its own start, end and reason, replacing any ban of the address; the
     * listener is not told. It is stored unless the store is {@linkplain BanStore#shared() shared} (the other node
     * stored it there already). A ban already over is ignored.
     *
     * @param ban the ban as the other node made it
     * @return true when it was applied
     * @throws IllegalArgumentException when its address is not a key of this firewall (an IP literal, or an IPv6
     *                                  network with this firewall's prefix)
     */
    public boolean apply(Ban ban) {
        String key = keys.keyOf(ban.address())
                .orElseThrow(() -> new IllegalArgumentException("Not an address key here: " + ban.address()));
        if (ban.expired(clock.instant())) {
            return false;
        }
        Ban keyed = key.equals(ban.address()) ? ban : new Ban(key, ban.bannedAt(), ban.until(), ban.reason());
        lock.lock();
        try {
            bans.put(key, keyed);
            if (!store.shared()) {
                persist(() -> store.save(keyed), key);
            }
        } finally {
            lock.unlock();
        }
        counters.increment(COUNTER_BANS_RECEIVED);
        LOG.log(
                System.Logger.Level.WARNING,
                "Firewall banned " + key + " "
                        + keyed.until().map(u -> "until " + u).orElse("permanently")
                        + ", as another node did: " + LogSafe.of(keyed.reason()));
        return true;
    }

    /**
     * Lifts a ban as another node did; the listener is not told. Removed from the store unless the store is shared.
     *
     * @param address an IP literal, or a key
     * @return true when it was banned here
     */
    public boolean lift(String address) {
        Optional<String> parsed = keys.keyOf(address);
        if (parsed.isEmpty()) {
            return false;
        }
        String key = parsed.get();
        lock.lock();
        try {
            Ban removed = bans.remove(key);
            if (!store.shared()) {
                persist(() -> store.delete(key), key);
            }
            if (removed != null) {
                LOG.log(System.Logger.Level.INFO, "Firewall ban of " + key + " lifted, as another node did");
            }
            return removed != null;
        } finally {
            lock.unlock();
        }
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
        Ban removed;
        lock.lock();
        try {
            removed = bans.remove(key);
            persist(() -> store.delete(key), key);
            if (removed != null) {
                LOG.log(System.Logger.Level.INFO, "Firewall ban of " + key + " lifted");
            }
        } finally {
            lock.unlock();
        }
        tell(() -> listener.unbanned(key), key);
        return removed != null;
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

    private static void tell(Runnable news, String key) {
        try {
            news.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Telling the other nodes of the ban of " + key + " failed", e);
        }
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
