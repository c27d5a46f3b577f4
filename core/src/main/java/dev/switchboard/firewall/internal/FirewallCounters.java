package dev.switchboard.firewall.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The firewall's counters by name: refusals by rule, violations in log mode, bans issued. Thread-safe. */
public final class FirewallCounters {

    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    /**
     * Adds one to a counter.
     *
     * @param name the counter
     */
    public void increment(String name) {
        counters.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    /**
     * The counters now.
     *
     * @return a snapshot, sorted by name
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }
}
