package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.Ban;
import java.util.List;
import java.util.Map;

/**
 * Where bans and escalation levels are kept across restarts. Called under the firewall's ban lock; failures are the
 * caller's to log. A store may write in the background; {@link #close()} then writes what is pending.
 */
public interface BanStore {

    /** Keeps nothing: bans live in memory only. */
    BanStore NONE = new BanStore() {
        @Override
        public List<Ban> load() {
            return List.of();
        }

        @Override
        public void save(Ban ban) {}

        @Override
        public void delete(String address) {}
    };

    /**
     * Every stored ban.
     *
     * @return the bans
     */
    List<Ban> load();

    /**
     * Stores a ban, replacing any ban of the same address.
     *
     * @param ban the ban
     */
    void save(Ban ban);

    /**
     * Removes the ban of an address.
     *
     * @param address the address text
     */
    void delete(String address);

    /**
     * Every stored escalation state, so a restart does not send a repeat offender back to the first level.
     *
     * @return the states
     */
    default List<EscalationLevel> loadEscalations() {
        return List.of();
    }

    /**
     * Stores an address's escalation state, replacing any earlier one.
     *
     * @param level the state
     */
    default void saveEscalation(EscalationLevel level) {}

    /**
     * Tells whether every node of a cluster reads and writes the same bans (a database they share), so that a ban
     * another node announced is stored already and needs no write here.
     *
     * @return true for a store the nodes share; false by default
     */
    default boolean shared() {
        return false;
    }

    /**
     * The store's own counters (for example how often a file was rewritten), merged into the firewall's.
     *
     * @return counters by name; empty by default
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Writes anything pending; called once when the firewall stops. The default does nothing. */
    default void close() {}
}
