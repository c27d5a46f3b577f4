package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.CredentialStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks passwords with the container's own login ({@link HttpServletRequest#login}), so the users of the
 * application server's realm (a WildFly Elytron security domain, a Jetty login service) can connect; enabled by
 * {@code switchboard.auth.container=true}. Asked last of the built-in stores.
 *
 * <p>The Servlet API cannot list a principal's roles, only confirm one at a time, so the roles are those of
 * {@code switchboard.auth.container.roles} for which {@link HttpServletRequest#isUserInRole} answers true.
 *
 * <p>Identities carry the principal's name as the container gives it and the method {@code container}, with no
 * expiry.
 */
@ApplicationScoped
@Priority(300)
public class ContainerCredentialStore implements CredentialStore {

    /** The {@link Identity#method()} of identities from this store. */
    public static final String METHOD = "container";

    private static final System.Logger LOG = System.getLogger(ContainerCredentialStore.class.getName());

    private boolean enabled;
    private List<String> roles;

    @Inject
    ConfigReader config;

    /** For CDI; {@link #start()} reads the injected configuration. */
    protected ContainerCredentialStore() {}

    /**
     * Creates a store outside CDI.
     *
     * @param config the configuration; {@code switchboard.auth.container} and {@code switchboard.auth.container.roles}
     */
    public ContainerCredentialStore(ConfigReader config) {
        configure(config);
    }

    @PostConstruct
    void start() {
        configure(config);
    }

    private void configure(ConfigReader config) {
        this.enabled = config.getBoolean(ConfigKeys.AUTH_CONTAINER, false);
        this.roles = config.getList(ConfigKeys.AUTH_CONTAINER_ROLES, List.of());
    }

    /**
     * True when {@code switchboard.auth.container} is on.
     *
     * @return whether the store is configured
     */
    @Override
    public boolean enabled() {
        return enabled;
    }

    /**
     * The identity of a principal the container authenticated: its name, and those of the given roles the container
     * confirms with {@link HttpServletRequest#isUserInRole} (the Servlet API cannot list them); method
     * {@value #METHOD}, no expiry.
     *
     * @param principal the container's principal
     * @param request   the request it authenticated
     * @param roles     the roles to ask about
     * @return the identity
     */
    public static Identity identityOf(Principal principal, HttpServletRequest request, List<String> roles) {
        Set<String> granted = new LinkedHashSet<>();
        for (String role : roles) {
            if (request.isUserInRole(role)) {
                granted.add(role);
            }
        }
        return new Identity(principal.getName(), granted, METHOD, Optional.empty());
    }

    @Override
    public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
        if (!enabled || user == null || password == null || request == null) {
            return Optional.empty();
        }
        try {
            // The Servlet API takes the password as a String; it cannot be cleared afterwards.
            request.login(user, new String(password));
        } catch (ServletException e) {
            // Wrong credentials, an unknown user, or a request the container already authenticated: not this store.
            return Optional.empty();
        }
        try {
            Principal principal = request.getUserPrincipal();
            if (principal == null) {
                return Optional.empty();
            }
            return Optional.of(identityOf(principal, request, roles));
        } finally {
            // The container's login was only a password check. Left in place it would outlive this request in
            // the container's own state (some containers keep it in the HTTP session), authenticating later requests
            // behind Switchboard's back, past its expiry, refresh and logout rules. The authentication filter
            // carries the identity itself.
            try {
                request.logout();
            } catch (ServletException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Logging out of the container after a password check failed;"
                                + " the container may keep the login of this request",
                        e);
            }
        }
    }
}
