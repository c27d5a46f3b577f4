package dev.switchboard.api;

import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request or connection authenticated as: a principal with its roles, the way it proved it, and when that
 * proof stops being valid.
 *
 * <p>Switchboard's authentication filter makes one for every authenticated request; the request's
 * {@code getUserPrincipal()} returns it and {@code isUserInRole} answers from {@link #roles()}. A connection keeps
 * the identity of its handshake until a refresh replaces it ({@link Connection#identity()}).
 *
 * @param name      the user name
 * @param roles     the roles, as configured in the credential store or carried by the token
 * @param method    how the identity was proved: {@code password}, {@code basic}, {@code bearer}, {@code ticket},
 *                  {@code session}, {@code session-token}, {@code url} or {@code container}
 * @param expiresAt when the proof expires (a token's {@code exp}, a login session's end); empty when it does not
 */
public record Identity(String name, Set<String> roles, String method, Optional<Instant> expiresAt)
        implements Principal {

    /** Validates and copies. */
    public Identity {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * Tells whether the identity has a role.
     *
     * @param role a role name
     * @return true when {@link #roles()} contains it
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Tells whether the proof has expired.
     *
     * @param now the current instant
     * @return true when an expiry is set and is not after {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.map(end -> !end.isAfter(now)).orElse(false);
    }

    /**
     * The same principal and roles with another method and expiry, as a refresh produces.
     *
     * @param newMethod    how the new proof was given
     * @param newExpiresAt when it expires
     * @return the new identity
     */
    public Identity withProof(String newMethod, Optional<Instant> newExpiresAt) {
        return new Identity(name, roles, newMethod, newExpiresAt);
    }
}
