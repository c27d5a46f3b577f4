package dev.switchboard.protocol.e2ee;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the relay knows: each user's current identity key, and the groups with their owner and members. Bounded by
 * {@link E2eeSettings}. Public keys and member lists only: nothing in it is secret, and nothing secret passes it.
 *
 * <p>Thread-safe; one lock, held only for map operations.
 */
final class E2eeDirectory {

    /** A published identity key. */
    record Key(String user, String keyId, String key) {}

    /** A group: its owner and its members, in joining order. */
    record Group(String name, String owner, List<String> members) {
        Group {
            members = List.copyOf(members);
        }
    }

    /** Why a change was refused; the code goes to the client. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final E2eeSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Key> keys = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final Map<String, Set<String>> groupsOfUser = new HashMap<>();

    E2eeDirectory(E2eeSettings settings) {
        this.settings = settings;
    }

    void putKey(Key key) throws Refused {
        lock.lock();
        try {
            if (!keys.containsKey(key.user()) && keys.size() >= settings.maxKeys()) {
                throw new Refused("directory-full", "the relay holds " + settings.maxKeys() + " keys");
            }
            keys.put(key.user(), key);
        } finally {
            lock.unlock();
        }
    }

    Optional<Key> key(String user) {
        lock.lock();
        try {
            return Optional.ofNullable(keys.get(user));
        } finally {
            lock.unlock();
        }
    }

    Optional<Group> group(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(groups.get(name));
        } finally {
            lock.unlock();
        }
    }

    List<String> groupsOf(String user) {
        lock.lock();
        try {
            return List.copyOf(groupsOfUser.getOrDefault(user, Set.of()));
        } finally {
            lock.unlock();
        }
    }

    Group create(String name, String owner) throws Refused {
        lock.lock();
        try {
            if (groups.containsKey(name)) {
                throw new Refused("group-exists", "group '" + name + "' exists");
            }
            if (groups.size() >= settings.maxGroups()) {
                throw new Refused("too-many-groups", "the relay holds " + settings.maxGroups() + " groups");
            }
            checkGroupsOf(owner);
            Group group = new Group(name, owner, List.of(owner));
            put(group, null);
            return group;
        } finally {
            lock.unlock();
        }
    }

    Group join(String name, String user) throws Refused {
        lock.lock();
        try {
            Group group = existing(name);
            if (group.members().contains(user)) {
                return group;
            }
            if (group.members().size() >= settings.maxGroupMembers()) {
                throw new Refused("group-full", "group '" + name + "' has " + settings.maxGroupMembers() + " members");
            }
            checkGroupsOf(user);
            List<String> members = new ArrayList<>(group.members());
            members.add(user);
            Group joined = new Group(name, group.owner(), members);
            put(joined, group);
            return joined;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a member; the next member becomes owner when the owner leaves. Empty when the group is now gone. */
    Optional<Group> leave(String name, String user) throws Refused {
        lock.lock();
        try {
            Group group = existing(name);
            if (!group.members().contains(user)) {
                throw new Refused("not-member", "not a member of '" + name + "'");
            }
            List<String> members = new ArrayList<>(group.members());
            members.remove(user);
            if (members.isEmpty()) {
                remove(group);
                return Optional.empty();
            }
            Group left = new Group(name, group.owner().equals(user) ? members.get(0) : group.owner(), members);
            put(left, group);
            return Optional.of(left);
        } finally {
            lock.unlock();
        }
    }

    Group delete(String name, String user) throws Refused {
        lock.lock();
        try {
            Group group = existing(name);
            if (!group.owner().equals(user)) {
                throw new Refused("not-owner", "only the owner deletes '" + name + "'");
            }
            remove(group);
            return group;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies another node's view of a group, or of its deletion (empty members), as it announced it.
     *
     * @return the group as this node had it before, if it had it
     */
    Optional<Group> replace(String name, Optional<Group> now) {
        lock.lock();
        try {
            Group before = groups.get(name);
            if (now.isEmpty()) {
                if (before != null) {
                    remove(before);
                }
            } else if (before != null || groups.size() < settings.maxGroups()) {
                put(now.get(), before);
            }
            return Optional.ofNullable(before);
        } finally {
            lock.unlock();
        }
    }

    private Group existing(String name) throws Refused {
        Group group = groups.get(name);
        if (group == null) {
            throw new Refused("no-group", "no group '" + name + "'");
        }
        return group;
    }

    private void checkGroupsOf(String user) throws Refused {
        if (groupsOfUser.getOrDefault(user, Set.of()).size() >= settings.maxGroupsOfUser()) {
            throw new Refused(
                    "too-many-groups", "a user is a member of at most " + settings.maxGroupsOfUser() + " groups");
        }
    }

    private void put(Group group, Group before) {
        if (before != null) {
            unlink(before);
        }
        groups.put(group.name(), group);
        for (String member : group.members()) {
            groupsOfUser.computeIfAbsent(member, u -> new LinkedHashSet<>()).add(group.name());
        }
    }

    private void remove(Group group) {
        groups.remove(group.name());
        unlink(group);
    }

    private void unlink(Group group) {
        for (String member : group.members()) {
            Set<String> of = groupsOfUser.get(member);
            if (of != null && of.remove(group.name()) && of.isEmpty()) {
                groupsOfUser.remove(member);
            }
        }
    }
}
