package dev.switchboard.embedded.security;

import dev.switchboard.api.Identity;
import dev.switchboard.spi.CredentialStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A credential store asked before the users file that only counts: every password Switchboard checks passes here
 * first, so the count is the number of password hashes the server computed. It knows no user itself.
 */
@ApplicationScoped
@Priority(1)
public class PasswordChecksCounter implements CredentialStore {

    /** Passwords checked since the class was loaded; a static, since the test holds no reference to the bean. */
    static final AtomicInteger CHECKS = new AtomicInteger();

    @Override
    public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
        CHECKS.incrementAndGet();
        return Optional.empty();
    }
}
