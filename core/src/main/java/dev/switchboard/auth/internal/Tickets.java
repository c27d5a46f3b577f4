package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Short-lived, single-use connect tickets: what a browser puts in {@code ?ticket=} because its WebSocket and
 * EventSource APIs cannot send an {@code Authorization} header. A ticket is 256 random bits, redeemed at most once
 * ({@link #redeem} removes it atomically, so two racing redemptions cannot both win) and only before it expires.
 *
 * <p>Tickets live in this node's memory: a client redeems it at the node that issued it (the login and the
 * connection normally reach the same node within seconds). The table is bounded; issuing beyond the bound first
 * drops expired tickets and then refuses.
 */
public final class Tickets {

    /**
     * What a ticket stands for.
     *
     * @param identity  the identity the connection will have
     * @param expiresAt when the ticket stops being redeemable
     */
    public record Ticket(Identity identity, Instant expiresAt) {
    }

    private static final int TICKET_BYTES = 32;

    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;

    /**
     * Creates an empty table.
     *
     * @param clock    the clock
     * @param ttl      how long a ticket stays redeemable
     * @param capacity the most tickets outstanding at once
     */
    public Tickets(Clock clock, Duration ttl, int capacity) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A ticket lifetime must be positive: " + ttl);
        }
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
    }

    /**
     * How long a ticket stays redeemable.
     *
     * @return the lifetime
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Issues a ticket.
     *
     * @param identity the identity it stands for
     * @return the ticket string (URL-safe base64, no padding)
     * @throws IllegalStateException when the table is full of unexpired tickets
     */
    public String issue(Identity identity) {
        if (tickets.size() >= capacity) {
            purgeExpired();
            if (tickets.size() >= capacity) {
                throw new IllegalStateException("Too many outstanding connect tickets");
            }
        }
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(ticket, new Ticket(identity, clock.instant().plus(ttl)));
        return ticket;
    }

    /**
     * Redeems a ticket: removes it and returns what it stood for, if it was still valid.
     *
     * @param ticket the ticket string
     * @return the ticket; empty when unknown, already used or expired
     */
    public Optional<Ticket> redeem(String ticket) {
        Ticket found = tickets.remove(ticket);
        if (found == null || !found.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /**
     * Withdraws every outstanding ticket whose identity matches, so that none of them can be redeemed any more.
     *
     * @param standsFor tells which identities' tickets to withdraw
     * @return how many were withdrawn
     */
    public int revokeIf(Predicate<Identity> standsFor) {
        int revoked = 0;
        for (Iterator<Ticket> it = tickets.values().iterator(); it.hasNext(); ) {
            if (standsFor.test(it.next().identity())) {
                it.remove();
                revoked++;
            }
        }
        return revoked;
    }

    /**
     * The number of tickets held, expired ones not yet purged included.
     *
     * @return the count
     */
    public int size() {
        return tickets.size();
    }

    /** Drops expired tickets. */
    public void purgeExpired() {
        Instant now = clock.instant();
        for (Iterator<Ticket> it = tickets.values().iterator(); it.hasNext(); ) {
            if (!it.next().expiresAt().isAfter(now)) {
                it.remove();
            }
        }
    }
}
