package dev.switchboard.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a broadcast reaches: every open connection, narrowed by any combination of a channel (its subscribers),
 * a subprotocol, an include list and an exclude list of connection ids. The sgc {@code Broadcast(message,
 * channel, protocol, exclude, include)} filters, as a value.
 *
 * @param channel     only subscribers of this channel (pattern subscriptions count), or empty
 * @param subprotocol only connections that negotiated this token, or empty
 * @param include     only these connection ids, or empty for no restriction
 * @param exclude     never these connection ids
 */
public record Audience(
        Optional<String> channel, Optional<String> subprotocol, Set<String> include, Set<String> exclude) {

    /** Every open connection. */
    public static final Audience EVERYONE = new Audience(Optional.empty(), Optional.empty(), Set.of(), Set.of());

    /** Validates and copies. */
    public Audience {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(subprotocol, "subprotocol");
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
    }

    /**
     * Subscribers of one channel.
     *
     * @param channel the channel
     * @return the audience
     */
    public static Audience channel(String channel) {
        return EVERYONE.withChannel(channel);
    }

    /**
     * Narrows to subscribers of a channel.
     *
     * @param name the channel
     * @return a new audience
     */
    public Audience withChannel(String name) {
        return new Audience(Optional.of(name), subprotocol, include, exclude);
    }

    /**
     * Narrows to connections of a subprotocol.
     *
     * @param name the token
     * @return a new audience
     */
    public Audience withSubprotocol(String name) {
        return new Audience(channel, Optional.of(name), include, exclude);
    }

    /**
     * Narrows to the given connection ids.
     *
     * @param ids connection ids
     * @return a new audience
     */
    public Audience including(Set<String> ids) {
        return new Audience(channel, subprotocol, ids, exclude);
    }

    /**
     * Leaves the given connection ids out.
     *
     * @param ids connection ids
     * @return a new audience
     */
    public Audience excluding(Set<String> ids) {
        return new Audience(channel, subprotocol, include, ids);
    }

    /**
     * Tells whether a connection passes the id and subprotocol filters (the channel filter is the hub's).
     *
     * @param connection a connection
     * @return true when it may receive the broadcast
     */
    public boolean admits(Connection connection) {
        if (!include.isEmpty() && !include.contains(connection.id())) {
            return false;
        }
        if (exclude.contains(connection.id())) {
            return false;
        }
        return subprotocol.isEmpty() || subprotocol.equals(connection.subprotocol());
    }
}
