package dev.switchboard.firewall;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A banned client address.
 *
 * @param address  what is banned, as {@link Firewall#keyOf(java.net.InetAddress)} prints it: an IPv4 address, or
 *                 an IPv6 network such as {@code 2001:db8:0:0:0:0:0:0/64}
 * @param bannedAt when the ban began
 * @param until    when it ends; empty for a permanent ban (removed only by an administrator)
 * @param reason   why, for the log and the admin API
 */
public record Ban(String address, Instant bannedAt, Optional<Instant> until, String reason) {

    /** Validates. */
    public Ban {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bannedAt, "bannedAt");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Whether the ban has ended.
     *
     * @param now the current time
     * @return true when it has an end and the end has passed
     */
    public boolean expired(Instant now) {
        return until.isPresent() && !now.isBefore(until.get());
    }
}
