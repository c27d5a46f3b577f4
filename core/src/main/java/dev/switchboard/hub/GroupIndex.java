package dev.switchboard.hub;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Group memberships: created on first join, gone when empty, dropped with the connection. */
final class GroupIndex {

    private final ConcurrentHashMap<String, Set<HubConnection>> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> byConnection = new ConcurrentHashMap<>();

    boolean join(String group, HubConnection connection) {
        byConnection
                .computeIfAbsent(connection.id(), id -> ConcurrentHashMap.newKeySet())
                .add(group);
        boolean[] added = new boolean[1];
        groups.compute(group, (key, set) -> {
            Set<HubConnection> members = set != null ? set : ConcurrentHashMap.newKeySet();
            added[0] = members.add(connection);
            return members;
        });
        if (!connection.isOpen()) {
            leave(group, connection);
            return false;
        }
        return added[0];
    }

    boolean leave(String group, HubConnection connection) {
        Set<String> own = byConnection.get(connection.id());
        if (own != null) {
            own.remove(group);
        }
        boolean[] removed = new boolean[1];
        groups.computeIfPresent(group, (key, set) -> {
            removed[0] = set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }

    Set<String> leaveAll(HubConnection connection) {
        Set<String> own = byConnection.remove(connection.id());
        if (own == null) {
            return Set.of();
        }
        for (String group : own) {
            groups.computeIfPresent(group, (key, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
        return Set.copyOf(own);
    }

    Set<String> groupsOf(String connectionId) {
        Set<String> own = byConnection.get(connectionId);
        return own == null ? Set.of() : Set.copyOf(own);
    }

    /** Members of every group matching a name or mask, each once. */
    Collection<HubConnection> members(String pattern) {
        if (!ChannelMask.isMask(pattern)) {
            Set<HubConnection> members = groups.get(pattern);
            return members == null ? Set.of() : members;
        }
        ChannelMask mask = ChannelMask.compileForGroups(pattern);
        Set<HubConnection> all = new LinkedHashSet<>();
        for (Map.Entry<String, Set<HubConnection>> entry : groups.entrySet()) {
            if (mask.matches(entry.getKey())) {
                all.addAll(entry.getValue());
            }
        }
        return all;
    }
}
