package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Short-lived, single-use connect tickets: what a browser puts in {@code ?ticket=} because its WebSocket and
 * EventSource APIs cannot send an {@code Authorization} header. A ticket is 256 random bits, redeemed at most once
 * ({@link #redeem} removes it atomically, so two racing redemptions cannot both win) and only before it expires.
 *
 * <p>The memory {@link TicketStore}: tickets live in this node's memory, and a client redeems one at the node that
 * issued it. It is the store of a single node; in a cluster it works only where every client's login and connections
 * reach the same node (sticky sessions). Two budgets bound the table: unredeemed tickets per user
 * and in total. Issuing beyond either first drops the expired tickets concerned and then refuses with a
 * {@link TicketLimitException}, so one user asking for tickets in a loop can neither fill the table for everyone nor
 * make it cost more than the expired tickets it drops.
 *
 * <p>Every ticket has the same lifetime, so insertion order is expiry order: purging looks only at the oldest
 * tickets, and stops at the first one still valid.
 */
public final class Tickets implements TicketStore {

    private static final int TICKET_BYTES = 32;

    private final ReentrantLock lock = new ReentrantLock();
    /** Every outstanding ticket, oldest first. */
    private final LinkedHashMap<String, Ticket> tickets = new LinkedHashMap<>();
    /** The outstanding tickets of each user, oldest first; users without any have no entry. */
    private final Map<String, LinkedHashSet<String>> byUser = new HashMap<>();

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final int perUser;

    /**
     * Creates an empty table.
     *
     * @param clock    the clock
     * @param ttl      how long a ticket stays redeemable
     * @param capacity the most tickets outstanding at once
     * @param perUser  the most tickets one user may have outstanding at once
     */
    public Tickets(Clock clock, Duration ttl, int capacity, int perUser) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A ticket lifetime must be positive: " + ttl);
        }
        if (capacity < 1 || perUser < 1) {
            throw new IllegalArgumentException("Ticket budgets must be at least 1: " + capacity + ", " + perUser);
        }
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
        this.perUser = perUser;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public String issue(Identity identity) {
        String ticket = draw(random);
        String user = identity.name();
        lock.lock();
        try {
            Instant now = clock.instant();
            LinkedHashSet<String> own = byUser.get(user);
            if (own != null && own.size() >= perUser) {
                purgeExpired(own, now);
                if (own.size() >= perUser) {
                    throw new TicketLimitException(
                            "Too many unused connect tickets for this user (at most " + perUser
                                    + "); use or let expire one of them first",
                            untilExpiry(tickets.get(own.iterator().next()), now),
                            true);
                }
            }
            if (tickets.size() >= capacity) {
                purgeExpired(now);
                if (tickets.size() >= capacity) {
                    throw new TicketLimitException(
                            "Too many outstanding connect tickets on this server; try again" + " shortly",
                            untilExpiry(tickets.values().iterator().next(), now),
                            false);
                }
            }
            tickets.put(ticket, new Ticket(identity, now.plus(ttl)));
            byUser.computeIfAbsent(user, name -> new LinkedHashSet<>()).add(ticket);
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Ticket> redeem(String ticket) {
        Ticket found;
        lock.lock();
        try {
            found = remove(ticket);
        } finally {
            lock.unlock();
        }
        if (found == null || !found.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    @Override
    public int revokeLogin(Identity login) {
        return revokeIf(identity -> Logins.ofLogin(identity, login));
    }

    /** This node's memory only. */
    @Override
    public boolean shared() {
        return false;
    }

    /**
     * Withdraws every outstanding ticket whose identity matches, so that none of them can be redeemed any more.
     *
     * @param standsFor tells which identities' tickets to withdraw
     * @return how many were withdrawn
     */
    public int revokeIf(Predicate<Identity> standsFor) {
        int revoked = 0;
        lock.lock();
        try {
            for (Iterator<Map.Entry<String, Ticket>> it = tickets.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Ticket> entry = it.next();
                if (standsFor.test(entry.getValue().identity())) {
                    it.remove();
                    forget(entry.getValue().identity().name(), entry.getKey());
                    revoked++;
                }
            }
        } finally {
            lock.unlock();
        }
        return revoked;
    }

    /**
     * The number of tickets held, expired ones not yet purged included.
     *
     * @return the count
     */
    public int size() {
        lock.lock();
        try {
            return tickets.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops expired tickets. */
    public void purgeExpired() {
        lock.lock();
        try {
            purgeExpired(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    private void purgeExpired(Instant now) {
        for (Iterator<Map.Entry<String, Ticket>> it = tickets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Ticket> oldest = it.next();
            if (oldest.getValue().expiresAt().isAfter(now)) {
                return;
            }
            it.remove();
            forget(oldest.getValue().identity().name(), oldest.getKey());
        }
    }

    private void purgeExpired(LinkedHashSet<String> own, Instant now) {
        for (Iterator<String> it = own.iterator(); it.hasNext(); ) {
            String oldest = it.next();
            Ticket ticket = tickets.get(oldest);
            if (ticket != null && ticket.expiresAt().isAfter(now)) {
                return;
            }
            it.remove();
            tickets.remove(oldest);
        }
    }

    private Ticket remove(String ticket) {
        Ticket found = tickets.remove(ticket);
        if (found != null) {
            forget(found.identity().name(), ticket);
        }
        return found;
    }

    private void forget(String user, String ticket) {
        LinkedHashSet<String> own = byUser.get(user);
        if (own != null && own.remove(ticket) && own.isEmpty()) {
            byUser.remove(user);
        }
    }

    private static Duration untilExpiry(Ticket oldest, Instant now) {
        return retryAfter(oldest == null ? now : oldest.expiresAt(), now);
    }

    /**
     * Draws a new ticket: 256 random bits, URL-safe Base64 without padding (43 characters).
     *
     * @param random the source
     * @return the ticket
     */
    static String draw(SecureRandom random) {
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The {@code Retry-After} of a spent budget: the time until its oldest ticket expires, in whole seconds rounded
     * up (so a client waiting that long finds room), one at least.
     *
     * @param oldestExpiry when the budget's oldest ticket expires
     * @param now          the current instant
     * @return the delay
     */
    static Duration retryAfter(Instant oldestExpiry, Instant now) {
        Duration left = Duration.between(now, oldestExpiry);
        return Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000));
    }
}
