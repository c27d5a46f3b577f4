package dev.switchboard.protocol.presence;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is a presence member and which presence channels each one joined, across the cluster: this node's members
 * are entered by the {@link PresenceEngine} as its clients register and join, the other nodes' from their
 * {@code presence.members} announcements. The admin API reads it.
 *
 * <p>Thread-safe: one lock around both maps; every operation is short and never calls out while holding it.
 */
@ApplicationScoped
public class PresenceRegistry {

    /**
     * A member as the registry knows it.
     *
     * @param id   the member id: the connection id its session message gave
     * @param name the member's name
     * @param info the member's extra information
     * @param node the cluster node whose connection it is
     */
    public record Member(String id, String name, String info, String node) {
        PresenceWire.Member wire() {
            return new PresenceWire.Member(id, name, info);
        }
    }

    /** How a join went. */
    enum Join {
        JOINED,
        NO_MEMBER,
        ALREADY,
        CHANNEL_FULL,
        MEMBER_FULL
    }

    /** How a leave went. */
    enum Leave {
        LEFT,
        NO_MEMBER,
        NO_CHANNEL,
        NOT_IN
    }

    /**
     * A member that left, with the channels it was in.
     *
     * @param member   the member
     * @param channels its channels, in join order
     */
    record Removal(Member member, List<String> channels) {}

    private static final class Entry {
        final Member member;
        final LinkedHashSet<String> channels = new LinkedHashSet<>();

        Entry(Member member) {
            this.member = member;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> members = new LinkedHashMap<>();
    private final Map<String, LinkedHashSet<String>> channels = new LinkedHashMap<>();

    /**
     * Adds a member.
     *
     * @return false when a member with its id exists
     */
    boolean add(Member member) {
        lock.lock();
        try {
            return members.putIfAbsent(member.id(), new Entry(member)) == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A member by id.
     *
     * @param id the member id
     * @return the member, or empty
     */
    public Optional<Member> member(String id) {
        lock.lock();
        try {
            Entry entry = members.get(id);
            return entry == null ? Optional.empty() : Optional.of(entry.member);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a member from every channel and from the members; null when it was no member. */
    Removal remove(String id) {
        lock.lock();
        try {
            Entry entry = members.remove(id);
            if (entry == null) {
                return null;
            }
            for (String channel : entry.channels) {
                dropFrom(channel, id);
            }
            return new Removal(entry.member, List.copyOf(entry.channels));
        } finally {
            lock.unlock();
        }
    }

    /** Removes every member of a node (its lease ran out), with their channels. */
    List<Removal> removeNode(String node) {
        lock.lock();
        try {
            List<Removal> removed = new ArrayList<>();
            Iterator<Entry> it = members.values().iterator();
            while (it.hasNext()) {
                Entry entry = it.next();
                if (entry.member.node().equals(node)) {
                    it.remove();
                    for (String channel : entry.channels) {
                        dropFrom(channel, entry.member.id());
                    }
                    removed.add(new Removal(entry.member, List.copyOf(entry.channels)));
                }
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a member to a channel, within the bounds; a bound of {@link Integer#MAX_VALUE} is none (another node
     * checked it).
     */
    Join join(String id, String channel, int maxMembers, int maxChannels) {
        lock.lock();
        try {
            Entry entry = members.get(id);
            if (entry == null) {
                return Join.NO_MEMBER;
            }
            if (entry.channels.contains(channel)) {
                return Join.ALREADY;
            }
            LinkedHashSet<String> inChannel = channels.get(channel);
            if (inChannel != null && inChannel.size() >= maxMembers) {
                return Join.CHANNEL_FULL;
            }
            if (entry.channels.size() >= maxChannels) {
                return Join.MEMBER_FULL;
            }
            entry.channels.add(channel);
            channels.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(id);
            return Join.JOINED;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a member from a channel. */
    Leave leave(String id, String channel) {
        lock.lock();
        try {
            Entry entry = members.get(id);
            if (entry == null) {
                return Leave.NO_MEMBER;
            }
            if (!channels.containsKey(channel)) {
                return Leave.NO_CHANNEL;
            }
            if (!entry.channels.remove(channel)) {
                return Leave.NOT_IN;
            }
            dropFrom(channel, id);
            return Leave.LEFT;
        } finally {
            lock.unlock();
        }
    }

    private void dropFrom(String channel, String id) {
        LinkedHashSet<String> inChannel = channels.get(channel);
        if (inChannel != null && inChannel.remove(id) && inChannel.isEmpty()) {
            channels.remove(channel);
        }
    }

    /**
     * Tells whether a channel has members.
     *
     * @param channel the canonical channel name
     * @return true when at least one member joined it
     */
    public boolean exists(String channel) {
        lock.lock();
        try {
            return channels.containsKey(channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of members of a channel.
     *
     * @param channel the canonical channel name
     * @return its member count, 0 for a channel without members
     */
    public int count(String channel) {
        lock.lock();
        try {
            LinkedHashSet<String> ids = channels.get(channel);
            return ids == null ? 0 : ids.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The members of a channel, in join order, or every member when {@code channel} is empty.
     *
     * @param channel the canonical channel name, or empty for every member
     * @param limit   the most members returned
     * @return the members
     */
    public List<Member> members(String channel, int limit) {
        lock.lock();
        try {
            List<Member> out = new ArrayList<>();
            if (channel.isEmpty()) {
                for (Entry entry : members.values()) {
                    if (out.size() >= limit) {
                        break;
                    }
                    out.add(entry.member);
                }
                return out;
            }
            LinkedHashSet<String> ids = channels.get(channel);
            if (ids == null) {
                return out;
            }
            for (String id : ids) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(members.get(id).member);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every channel with its member count, sorted by name.
     *
     * @return channel name to member count
     */
    public Map<String, Integer> channelCounts() {
        lock.lock();
        try {
            Map<String, Integer> counts = new TreeMap<>();
            channels.forEach((channel, ids) -> counts.put(channel, ids.size()));
            return counts;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of members.
     *
     * @return how many members there are, on every node
     */
    public int memberCount() {
        lock.lock();
        try {
            return members.size();
        } finally {
            lock.unlock();
        }
    }

    /** The members of one node with their channels, for telling a node that just started. */
    List<Removal> ofNode(String node) {
        lock.lock();
        try {
            List<Removal> out = new ArrayList<>();
            for (Entry entry : members.values()) {
                if (entry.member.node().equals(node)) {
                    out.add(new Removal(entry.member, List.copyOf(entry.channels)));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }
}
