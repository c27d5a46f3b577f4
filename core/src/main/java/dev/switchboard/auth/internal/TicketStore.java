package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where connect tickets are kept between the login that issues them and the handshake that redeems them: this node's
 * memory ({@link Tickets}), or a table every node of a cluster shares ({@link JdbcTicketStore}), so that a ticket
 * issued on one node is redeemed on any. {@link TicketStores#open} picks one.
 *
 * <p>Every store keeps the same promises: a ticket is 256 random bits, redeemed at most once, two racing redemptions
 * cannot both win, and only before it expires; issuing beyond the user's or the store's budget throws
 * {@link TicketLimitException}. All methods are thread-safe and called on request threads.
 */
public interface TicketStore {

    /**
     * What a ticket stands for.
     *
     * @param identity  the identity the connection will have
     * @param expiresAt when the ticket stops being redeemable
     */
    record Ticket(Identity identity, Instant expiresAt) {}

    /**
     * How long a ticket stays redeemable.
     *
     * @return the lifetime
     */
    Duration ttl();

    /**
     * Issues a ticket.
     *
     * @param identity the identity it stands for
     * @return the ticket string (URL-safe base64, no padding)
     * @throws TicketLimitException when the user already holds the most unexpired tickets allowed, or the store is
     *                              full of unexpired tickets
     */
    String issue(Identity identity);

    /**
     * Redeems a ticket: removes it and returns what it stood for, if it was still valid.
     *
     * @param ticket the ticket string
     * @return the ticket; empty when unknown, already used or expired
     */
    Optional<Ticket> redeem(String ticket);

    /**
     * Withdraws every outstanding ticket issued for a login (see {@link Logins#ofLogin}), so that none of them can be
     * redeemed any more.
     *
     * @param login the login session's identity
     * @return how many were withdrawn
     */
    int revokeLogin(Identity login);

    /**
     * Tells whether every node of a cluster sees the same tickets, so that withdrawing them on one node withdraws
     * them everywhere.
     *
     * @return true for a store shared by the nodes
     */
    boolean shared();
}
