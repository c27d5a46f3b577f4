package dev.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Identity;
import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.DataSources;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.Broker.Announcement;
import dev.switchboard.spi.CredentialStore;
import dev.switchboard.testing.RecordingBroker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each its own CDI container with the authentication bean, linked by brokers that hand each node's
 * announcements to the other as CDI events (as the cluster broker does): a logout on one node makes the other forget
 * the user's remembered Basic credentials and withdraw the login's tickets it keeps in memory.
 */
class LogoutReachesEveryNodeOfAClusterTest {

    private static final String ALICE_BASIC =
            Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

    /**
     * A credential store of one user that counts the passwords it is asked to check: a test implementation of the
     * {@link CredentialStore} SPI, so a test sees whether a Basic credential was checked or answered from memory.
     */
    @ApplicationScoped
    static class CountingStore implements CredentialStore {
        private final AtomicInteger checks = new AtomicInteger();

        int checks() {
            return checks.get();
        }

        @Override
        public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
            checks.incrementAndGet();
            return user.equals("alice") && Arrays.equals(password, "secret".toCharArray())
                    ? Optional.of(new Identity("alice", Set.of("user"), "password", Optional.empty()))
                    : Optional.empty();
        }
    }

    private WeldContainer nodeA;
    private WeldContainer nodeB;
    private Authentication authA;
    private Authentication authB;
    private RecordingBroker brokerA;
    private RecordingBroker brokerB;

    @BeforeEach
    void startTwoNodes() {
        nodeA = node("logout-node-a");
        nodeB = node("logout-node-b");
        brokerA = (RecordingBroker) nodeA.select(Broker.class).get();
        brokerB = (RecordingBroker) nodeB.select(Broker.class).get();
        brokerA.linkTo(announcement -> receive(nodeB, announcement));
        brokerB.linkTo(announcement -> receive(nodeA, announcement));
        authA = nodeA.select(Authentication.class).get();
        authB = nodeB.select(Authentication.class).get();
    }

    @AfterEach
    void stopNodes() {
        System.clearProperty(ConfigKeys.CLUSTER_ENABLED);
        for (WeldContainer node : new WeldContainer[] {nodeA, nodeB}) {
            if (node != null && node.isRunning()) {
                node.shutdown();
            }
        }
    }

    private static WeldContainer node(String id) {
        return new Weld(id)
                .disableDiscovery()
                .addBeanClasses(
                        Authentication.class,
                        ConfigProducer.class,
                        DataSources.class,
                        RecordingBroker.class,
                        CountingStore.class)
                .initialize();
    }

    private static void receive(WeldContainer node, Announcement announcement) {
        node.event().select(Announcement.class).fire(announcement);
    }

    private static int checks(WeldContainer node) {
        return node.select(CountingStore.class).get().checks();
    }

    private Identity login(Authentication node) throws AuthenticationException {
        return node.loginIdentity(node.password("alice", "secret".toCharArray(), null, "password", "192.0.2.1"));
    }

    /** The login's session, as the container keeps it; a session replicated between the nodes is the same one. */
    private static HttpSession session(Identity login) {
        Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of(AuthenticationFilter.SESSION_IDENTITY, login));
        return (HttpSession) Proxy.newProxyInstance(
                HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "invalidate" -> {
                        attributes.clear();
                        yield null;
                    }
                    case "toString" -> "session of " + login.name();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aLogoutIsAnnouncedWithTheUserAndTheLoginsEnd() throws Exception {
        Identity login = login(authA);

        authA.logout(session(login));

        assertThat(brokerA.announced()).singleElement().satisfies(announcement -> {
            assertThat(announcement.subject()).isEqualTo("auth.logout");
            JsonObject body =
                    Json.createReader(new StringReader(announcement.body())).readObject();
            assertThat(body.getString("user")).isEqualTo("alice");
            assertThat(body.getString("loginExpiresAt"))
                    .isEqualTo(login.expiresAt().orElseThrow().toString());
        });
        assertThat(brokerB.announced())
                .as("a received logout is not announced again")
                .isEmpty();
    }

    @Test
    void theOtherNodeForgetsTheUsersRememberedBasicCredentials() throws Exception {
        authB.basic(ALICE_BASIC, null, "192.0.2.1");
        authB.basic(ALICE_BASIC, null, "192.0.2.1");
        assertThat(checks(nodeB))
                .as("the second request was answered from memory")
                .isEqualTo(1);

        authA.logout(session(login(authA)));

        authB.basic(ALICE_BASIC, null, "192.0.2.1");
        assertThat(checks(nodeB))
                .as("checked again after the logout on the other node")
                .isEqualTo(2);
        authB.basic(ALICE_BASIC, null, "192.0.2.1");
        assertThat(checks(nodeB)).as("and remembered again").isEqualTo(2);
    }

    @Test
    void theOtherNodeWithdrawsTheLoginsTicketsFromItsMemory() throws Exception {
        Identity login = login(authB);
        Identity otherLogin = login.withProof(
                login.method(), Optional.of(login.expiresAt().orElseThrow().plusSeconds(1)));
        String ticket = authB.issueTicket(login);
        String otherTicket = authB.issueTicket(otherLogin);

        authA.logout(session(login));

        assertThatThrownBy(() -> authB.ticket(ticket, "ticket", "192.0.2.1"))
                .isInstanceOf(AuthenticationException.class);
        assertThat(authB.ticket(otherTicket, "ticket", "192.0.2.1").name())
                .as("the user's other login keeps its ticket")
                .isEqualTo("alice");
    }

    @Test
    void malformedLogoutsAreIgnored() throws Exception {
        authB.basic(ALICE_BASIC, null, "192.0.2.1");

        for (String body : new String[] {
            "alice",
            "{}",
            "{\"user\":\"alice\"}",
            "{\"user\":\"alice\",\"loginExpiresAt\":\"tomorrow\"}",
            "{\"user\":\"\",\"loginExpiresAt\":\"2026-01-01T08:00:00Z\"}",
            "{\"user\":7,\"loginExpiresAt\":\"2026-01-01T08:00:00Z\"}",
            "{\"user\":\"alice\",\"loginExpiresAt\":\"2026-01-01T08:00:00Z\"} {}"
        }) {
            receive(nodeB, new Announcement("auth.logout", body));
        }
        receive(
                nodeB,
                new Announcement(
                        "auth.logged-out", "{\"user\":\"alice\",\"loginExpiresAt\":\"2026-01-01T08:00:00Z\"}"));

        authB.basic(ALICE_BASIC, null, "192.0.2.1");
        assertThat(checks(nodeB)).as("still remembered").isEqualTo(1);
    }

    @Test
    void aClusterWithoutADataSourceForTicketsFailsToStartAuthentication() {
        nodeA.shutdown();
        System.setProperty(ConfigKeys.CLUSTER_ENABLED, "true");
        nodeA = node("logout-node-clustered");

        assertThatThrownBy(() -> nodeA.select(Authentication.class).get().settings())
                .hasStackTraceContaining("no DataSource is bound at java:comp/env/jdbc/switchboard")
                .hasStackTraceContaining(ConfigKeys.AUTH_TICKETS_STORE + "=memory");
    }
}
