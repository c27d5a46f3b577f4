package dev.switchboard.auth;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Identity;
import dev.switchboard.api.event.AuthenticationFailedEvent;
import dev.switchboard.auth.internal.BasicCredentialCache;
import dev.switchboard.auth.internal.ClientCertificates;
import dev.switchboard.auth.internal.InvalidCredentialException;
import dev.switchboard.auth.internal.JwtVerifier;
import dev.switchboard.auth.internal.Logins;
import dev.switchboard.auth.internal.LogoutAnnouncement;
import dev.switchboard.auth.internal.PasswordCheck;
import dev.switchboard.auth.internal.TicketLimitException;
import dev.switchboard.auth.internal.TicketStore;
import dev.switchboard.auth.internal.TicketStores;
import dev.switchboard.auth.internal.Tickets;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.DataSources;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Authenticator;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.ChallengeKey;
import dev.switchboard.spi.CredentialStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves identities: passwords against the {@link CredentialStore} beans, bearer tokens with the configured JWT
 * keys, connect tickets against the ticket store ({@code switchboard.auth.tickets.store}: this node's memory, or with
 * clustering a table every node shares, so a ticket issued on one node is redeemed once on any). Every refusal fires
 * an {@link AuthenticationFailedEvent} (the firewall counts them per address) and is logged without the credential.
 *
 * <p>Verified Basic credentials are remembered briefly ({@code switchboard.auth.basic-cache.*}, see
 * {@link BasicCredentialCache}) so that a client repeating its header does not cost a password hash per request.
 * Tickets are budgeted per user and in total ({@code switchboard.auth.tickets.*}).
 *
 * <p>A logout is announced to the other nodes of a cluster ({@link Broker#announce}, subject
 * {@value LogoutAnnouncement#SUBJECT}); each forgets the user's remembered Basic credentials and withdraws the
 * login's tickets from its own memory store (a shared store was cleared by the node that served the logout).
 *
 * <p>The authentication filter and servlet use it for requests; the hub uses it, as the {@link Authenticator},
 * when an open connection refreshes its credential.
 */
@ApplicationScoped
public class Authentication implements Authenticator {

    private static final System.Logger LOG = System.getLogger(Authentication.class.getName());
    private static final String BASIC_METHOD = "basic";

    @Inject
    @Any
    Instance<CredentialStore> storeBeans;

    @Inject
    Event<AuthenticationFailedEvent> failureEvents;

    @Inject
    Instance<Gateway> gatewayBeans;

    @Inject
    AuthSettings injectedSettings;

    @Inject
    ConfigReader config;

    @Inject
    ClusterSettings cluster;

    @Inject
    DataSources dataSources;

    @Inject
    Instance<Broker> brokerBeans;

    private static final int DECOY_KEY_BYTES = 32;
    private static final SecureRandom DECOY_RANDOM = new SecureRandom();

    private final Clock clock;
    /** Keys decoy salts, so that they are stable per user name for the life of this node and unguessable. */
    private final byte[] decoySecret = randomBytes(32);
    /** The iteration count of the last real challenge, which decoys copy. */
    private volatile int decoyIterations = UsersFiles.DEFAULT_PBKDF2_ITERATIONS;

    private AuthSettings settings;
    private PasswordCheck passwords;
    private JwtVerifier jwt;
    private ClientCertificates certificates;
    private TicketStore tickets;
    private Consumer<AuthenticationFailedEvent> failures;
    private Supplier<Optional<Gateway>> gateway;
    private Consumer<Broker.Announcement> announcer = announcement -> {};
    /** Verifications by method and outcome, read by the metrics; a credential check costs far more than a count. */
    private final ConcurrentHashMap<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();

    /**
     * One kind of verification result.
     *
     * @param method   how the credential came ({@code password}, {@code basic}, {@code url}, {@code bearer},
     *                 {@code ticket}, {@code session-token})
     * @param accepted whether it was accepted
     */
    public record Outcome(String method, boolean accepted) {}

    /** For CDI; {@link #init()} builds the parts from the injected settings. */
    protected Authentication() {
        this.clock = Clock.systemUTC();
    }

    /**
     * Creates the authentication of a test or an application that runs without CDI.
     *
     * @param settings the settings
     * @param jwt      verifies bearer tokens
     * @param stores   the credential stores, in the order they are asked
     * @param failures receives every refusal
     * @param gateway  the hub whose connections a logout closes, when there is one
     * @param clock    the clock expiries are judged by
     */
    public Authentication(
            AuthSettings settings,
            JwtVerifier jwt,
            List<CredentialStore> stores,
            Consumer<AuthenticationFailedEvent> failures,
            Supplier<Optional<Gateway>> gateway,
            Clock clock) {
        this.clock = clock;
        this.failures = failures;
        this.gateway = gateway;
        // Without a configuration: client certificates name users by their subject's CN, with no roles.
        this.certificates = new ClientCertificates(new ConfigReader(List.of()), clock);
        AuthSettings.Budgets budgets = settings.budgets();
        configure(
                settings,
                jwt,
                stores,
                new Tickets(clock, settings.ticketTtl(), budgets.ticketsMax(), budgets.ticketsPerUser()));
    }

    @PostConstruct
    void init() {
        certificates = new ClientCertificates(config, clock);
        failures = failureEvents::fire;
        gateway = () -> gatewayBeans.isResolvable() ? Optional.of(gatewayBeans.get()) : Optional.empty();
        announcer = announcement -> {
            if (brokerBeans.isResolvable()) {
                brokerBeans.get().announce(announcement);
            }
        };
        configure(
                injectedSettings,
                new JwtVerifier(config, clock),
                BeanLookup.ordered(storeBeans),
                TicketStores.open(config, injectedSettings, cluster.enabled(), dataSources::get, clock));
    }

    private void configure(
            AuthSettings authSettings, JwtVerifier verifier, List<CredentialStore> stores, TicketStore ticketStore) {
        this.settings = authSettings;
        this.jwt = verifier;
        AuthSettings.Budgets budgets = settings.budgets();
        passwords = new PasswordCheck(
                stores, new BasicCredentialCache(clock, budgets.basicCacheTtl(), budgets.basicCacheMaxEntries()));
        tickets = ticketStore;
        if (settings.sgcUrls()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0}=true: the sgc URL forms put user names, passwords and tokens"
                            + " in request URLs, where access logs, proxies and browser histories keep them."
                            + " Use them only for existing sgc clients, and only over TLS.",
                    ConfigKeys.AUTH_SGC_URLS);
        }
    }

    /**
     * The settings in force.
     *
     * @return the settings
     */
    public AuthSettings settings() {
        return settings;
    }

    /**
     * Tells whether any credential store is enabled, i.e. whether passwords can be checked at all.
     *
     * @return true when a store is enabled
     */
    public boolean passwordsEnabled() {
        return passwords.enabled();
    }

    /**
     * Tells whether bearer tokens can be verified.
     *
     * @return true when a JWT key is configured
     */
    public boolean bearerEnabled() {
        return jwt.enabled();
    }

    /**
     * Checks a user name and password against the stores, in order.
     *
     * @param user          the user name
     * @param password      the password; cleared before this returns
     * @param request       the request that carried them
     * @param scheme        how they were presented, for the failure event ({@code password}, {@code basic},
     *                      {@code url})
     * @param clientAddress the client's address
     * @return the identity the store returned
     * @throws AuthenticationException when no store accepts them
     */
    public Identity password(
            String user, char[] password, HttpServletRequest request, String scheme, String clientAddress)
            throws AuthenticationException {
        Optional<Identity> identity = passwords.check(user, password, request);
        if (identity.isPresent()) {
            count(scheme, true);
            return identity.get();
        }
        throw refuse(clientAddress, user, scheme, "invalid user name or password");
    }

    /**
     * Tells whether a verified TLS client certificate names a user ({@code switchboard.auth.client-cert} is not
     * {@code off}).
     *
     * @return true when client certificates are used
     */
    public boolean clientCertificatesEnabled() {
        return certificates.enabled();
    }

    /**
     * Makes the identity of a TLS client certificate that the server's TLS layer verified against its trust store.
     *
     * @param chain         the chain the container reports, the client's certificate first
     * @param clientAddress the client's address
     * @return the identity, expiring with the certificate
     * @throws AuthenticationException when the certificate is out of its validity period or lacks the mapped name
     */
    public Identity clientCertificate(X509Certificate[] chain, String clientAddress) throws AuthenticationException {
        try {
            Identity identity = certificates.identity(chain);
            count(ClientCertificates.METHOD, true);
            return identity;
        } catch (InvalidCredentialException e) {
            throw refuse(clientAddress, "", ClientCertificates.METHOD, e.getMessage());
        }
    }

    /**
     * A challenge for a challenge-response login: the salt, iteration count and key length the client derives its
     * key with. A user no store can challenge (unknown, or a hash that cannot serve a challenge) gets a decoy with a
     * salt that is stable per user name and the iteration count real users have, so the challenge does not tell
     * which user names exist; no signature ever answers a decoy.
     *
     * @param user       the user name the client gave
     * @param salt       the salt text
     * @param iterations the PBKDF2 iteration count
     * @param keyLength  the derived key's length in bytes
     * @param key        the store's key; empty for a decoy
     */
    public record Challenge(String user, String salt, int iterations, int keyLength, Optional<ChallengeKey> key) {

        @Override
        public String toString() {
            return "Challenge[user=" + user + ", salt=" + salt + ", iterations=" + iterations + "]";
        }
    }

    /**
     * Makes the challenge for a user, from the first credential store that has a {@linkplain
     * CredentialStore#challengeKey key} for it.
     *
     * @param user the user name the client gave
     * @return the challenge, a decoy when no store has a key
     */
    public Challenge challenge(String user) {
        Optional<ChallengeKey> key = passwords.challengeKey(user);
        if (key.isPresent()) {
            ChallengeKey found = key.get();
            decoyIterations = found.iterations();
            return new Challenge(user, found.salt(), found.iterations(), found.keyLength(), key);
        }
        return new Challenge(user, decoySalt(user), decoyIterations, DECOY_KEY_BYTES, Optional.empty());
    }

    /**
     * Decides a challenge-response login: asks {@code signedWithKey} whether the client's answer was made with the
     * challenge's key, and reports the outcome as every other login does (a refusal counts toward the firewall's
     * failed-login ban).
     *
     * @param challenge     the challenge the client was given
     * @param signedWithKey checks the answer against a derived key; asked with a random key for a decoy, so a decoy
     *                      costs what a real check costs
     * @param scheme        how the login came, for the counts and the failure event ({@code wampcra})
     * @param clientAddress the client's address
     * @return the identity of the store's user
     * @throws AuthenticationException when the answer is wrong or the challenge was a decoy
     */
    public Identity answer(Challenge challenge, Predicate<byte[]> signedWithKey, String scheme, String clientAddress)
            throws AuthenticationException {
        byte[] key;
        if (challenge.key().isPresent()) {
            key = challenge.key().get().key();
        } else {
            key = new byte[challenge.keyLength()];
            DECOY_RANDOM.nextBytes(key);
        }
        boolean signed;
        try {
            signed = signedWithKey.test(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        if (signed && challenge.key().isPresent()) {
            count(scheme, true);
            return challenge.key().get().identity();
        }
        throw refuse(clientAddress, challenge.user(), scheme, "invalid user name or signature");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        DECOY_RANDOM.nextBytes(bytes);
        return bytes;
    }

    private String decoySalt(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(decoySecret, "HmacSHA256"));
            byte[] digest = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
            // The length and alphabet of the salts PasswordHashes writes.
            return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /**
     * Checks the credential part of an {@code Authorization: Basic} header ({@code base64(user:password)}). A
     * credential verified within {@code switchboard.auth.basic-cache.ttl}, with the credential stores unchanged since,
     * is answered from memory without hashing the password again; any other is checked against the stores, and
     * remembered when they accept it.
     *
     * @param credentials   the Base64 text after {@code Basic }
     * @param request       the request that carried it
     * @param clientAddress the client's address
     * @return the identity, with the method {@code basic} and no expiry
     * @throws AuthenticationException when the credential is malformed or no store accepts it
     */
    public Identity basic(String credentials, HttpServletRequest request, String clientAddress)
            throws AuthenticationException {
        Object revision = passwords.storeRevision();
        Optional<Identity> remembered = passwords.remembered(credentials, revision);
        if (remembered.isPresent()) {
            count(BASIC_METHOD, true);
            return remembered.get();
        }
        PasswordCheck.BasicCredential basic = PasswordCheck.decodeBasic(credentials)
                .orElseThrow(() -> new AuthenticationException("malformed Basic credentials"));
        Identity proven = password(basic.user(), basic.password(), request, BASIC_METHOD, clientAddress)
                .withProof(BASIC_METHOD, Optional.empty());
        passwords.remember(credentials, proven, revision);
        return proven;
    }

    /**
     * Verifies a bearer token.
     *
     * @param token         the compact JWS
     * @param clientAddress the client's address
     * @return the identity the token carries, expiring with it
     * @throws AuthenticationException when the token is invalid, expired or no key is configured
     */
    public Identity bearer(String token, String clientAddress) throws AuthenticationException {
        if (!jwt.enabled()) {
            throw refuse(clientAddress, "", BEARER, "bearer tokens are not accepted here");
        }
        try {
            Identity identity = jwt.verify(token);
            count(BEARER, true);
            return identity;
        } catch (InvalidCredentialException e) {
            throw refuse(clientAddress, "", BEARER, e.getMessage());
        }
    }

    /**
     * Issues a connect ticket standing for an identity.
     *
     * @param identity the identity the connection will have (its expiry is kept)
     * @return the ticket
     * @throws TicketLimitException when the user already holds {@code switchboard.auth.tickets.max-per-user}
     *                              unused tickets, or the store {@code switchboard.auth.tickets.max}
     */
    public String issueTicket(Identity identity) {
        return tickets.issue(identity);
    }

    /**
     * How long a ticket stays redeemable.
     *
     * @return seconds
     */
    public long ticketTtlSeconds() {
        return tickets.ttl().toSeconds();
    }

    /**
     * Redeems a connect ticket.
     *
     * @param ticket        the ticket
     * @param scheme        how it was presented ({@code ticket} or {@code session-token}), for the identity and
     *                      the failure event
     * @param clientAddress the client's address
     * @return the identity it stood for, with {@code scheme} as its method and its expiry kept
     * @throws AuthenticationException when it is unknown, used or expired
     */
    public Identity ticket(String ticket, String scheme, String clientAddress) throws AuthenticationException {
        Optional<TicketStore.Ticket> redeemed = tickets.redeem(ticket);
        if (redeemed.isEmpty()) {
            throw refuse(clientAddress, "", scheme, "ticket unknown, used or expired");
        }
        Identity identity = redeemed.get().identity();
        if (identity.isExpiredAt(clock.instant())) {
            throw refuse(clientAddress, identity.name(), scheme, "the login behind the ticket has expired");
        }
        count(scheme, true);
        return identity.withProof(scheme, identity.expiresAt());
    }

    /**
     * The identity of a new login session: the store's principal and roles, expiring after the session lifetime.
     *
     * @param proven what the credential store returned
     * @return the session identity
     */
    public Identity loginIdentity(Identity proven) {
        return new Identity(
                proven.name(),
                proven.roles(),
                Logins.SESSION_METHOD,
                Optional.of(clock.instant().plus(settings.sessionMaxAge())));
    }

    /**
     * Ends the login a session carries: invalidates the session, withdraws the connect tickets (and sgc session
     * tokens) issued for that login and not yet used, forgets the user's remembered Basic credentials, and closes
     * with {@link CloseCodes#UNAUTHORIZED} (4500, {@code Logged out}) every connection the login authenticated, by its
     * cookie, by one of its tickets or by one of its sgc session tokens. A connection that has since refreshed its
     * credentials with a bearer token is no longer the login's and stays open. The connections close on every node
     * (through the broker), and the other nodes are told of the logout ({@value LogoutAnnouncement#SUBJECT}), so they
     * too forget the user's Basic credentials and withdraw the login's tickets they hold.
     *
     * @param session the session, or null when the request had none
     * @return how many connections were closed
     */
    public int logout(HttpSession session) {
        if (session == null) {
            return 0;
        }
        Object login;
        try {
            login = session.getAttribute(AuthenticationFilter.SESSION_IDENTITY);
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            return 0;
        }
        if (!(login instanceof Identity ended)) {
            return 0;
        }
        int tickets = this.tickets.revokeLogin(ended);
        passwords.forgetUser(ended.name());
        int closed = gateway.get().map(hub -> Logins.disconnect(hub, ended)).orElse(0);
        LogoutAnnouncement.of(ended).ifPresent(this::announce);
        LOG.log(
                System.Logger.Level.INFO,
                "{0} logged out; {1} unused ticket(s) withdrawn, {2} connection(s) closed",
                LogSafe.of(ended.name()),
                tickets,
                closed);
        return closed;
    }

    private void announce(LogoutAnnouncement logout) {
        try {
            announcer.accept(new Broker.Announcement(LogoutAnnouncement.SUBJECT, logout.body()));
        } catch (RuntimeException e) {
            // The logout holds here; the other nodes forget the user's Basic credentials when their cache entries
            // expire.
            LOG.log(System.Logger.Level.WARNING, "Announcing a logout to the other nodes failed", e);
        }
    }

    /**
     * Acts on a logout another node announced: forgets the user's remembered Basic credentials and, when this node
     * keeps tickets in its own memory, withdraws the login's tickets. A body that is not a logout is logged and
     * ignored. Other subjects are not this bean's.
     *
     * @param announcement what another node announced
     */
    void announced(@Observes Broker.Announcement announcement) {
        if (!LogoutAnnouncement.SUBJECT.equals(announcement.subject())) {
            return;
        }
        Optional<LogoutAnnouncement> logout = LogoutAnnouncement.parse(announcement.body());
        if (logout.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Ignored a malformed {0} announcement: {1}",
                    LogoutAnnouncement.SUBJECT,
                    LogSafe.of(announcement.body()));
            return;
        }
        try {
            String user = logout.get().user();
            int forgotten = passwords.forgetUser(user);
            int withdrawn =
                    tickets.shared() ? 0 : tickets.revokeLogin(logout.get().login());
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "{0} logged out on another node; {1} remembered credential(s) forgotten, {2} ticket(s) withdrawn",
                    LogSafe.of(user),
                    forgotten,
                    withdrawn);
        } catch (RuntimeException e) {
            // An observer that throws would stop the other observers of the announcement.
            LOG.log(System.Logger.Level.WARNING, "Acting on a logout announced by another node failed", e);
        }
    }

    /**
     * The login the request's session carries. A session whose login has expired is invalidated.
     *
     * @param request the request
     * @return the login's identity; empty without a session, a login, or with an expired one
     */
    public Optional<Identity> sessionIdentity(HttpServletRequest request) {
        return Logins.of(request.getSession(false), AuthenticationFilter.SESSION_IDENTITY, clock.instant());
    }

    /**
     * The current instant of the clock expiries are judged by.
     *
     * @return now
     */
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Identity verify(Connection connection, String kind, String credential) throws AuthenticationException {
        // The client the firewall resolved at the handshake, not a proxy in front of it: the brute-force count and any
        // ban must hit the one who sent the bad credential.
        String address = connection.clientAddress();
        if (credential == null || credential.isEmpty()) {
            throw refuse(address, "", kind, "no credential given");
        }
        return switch (kind) {
            case BEARER -> bearer(credential, address);
            case TICKET -> ticket(credential, TICKET, address);
            default ->
                throw new AuthenticationException("unknown credential kind '" + kind + "'; use bearer or ticket");
        };
    }

    /**
     * Verifications since the start by method and outcome; counts only grow.
     *
     * @return a snapshot
     */
    public Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> snapshot = new HashMap<>();
        outcomes.forEach((outcome, count) -> snapshot.put(outcome, count.sum()));
        return snapshot;
    }

    private void count(String method, boolean accepted) {
        outcomes.computeIfAbsent(new Outcome(method, accepted), o -> new LongAdder())
                .increment();
    }

    private AuthenticationException refuse(String clientAddress, String user, String scheme, String reason) {
        count(scheme, false);
        LOG.log(
                System.Logger.Level.INFO,
                "Authentication refused for {0} from {1} ({2}): {3}",
                user.isEmpty() ? "(no user)" : LogSafe.of(user),
                LogSafe.of(clientAddress),
                LogSafe.of(scheme),
                LogSafe.of(reason));
        try {
            failures.accept(new AuthenticationFailedEvent(clientAddress, user, scheme, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "An observer of AuthenticationFailedEvent failed", e);
        }
        return new AuthenticationException(reason);
    }
}
