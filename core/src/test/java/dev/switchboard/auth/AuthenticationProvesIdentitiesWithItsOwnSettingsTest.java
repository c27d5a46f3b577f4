package dev.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Identity;
import dev.switchboard.api.event.AuthenticationFailedEvent;
import dev.switchboard.auth.internal.JwtVerifier;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.CredentialStore;
import dev.switchboard.testing.MapConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Authentication built from a settings object of its own, with no CDI container and no global configuration. */
class AuthenticationProvesIdentitiesWithItsOwnSettingsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final List<AuthenticationFailedEvent> failures = new ArrayList<>();

    /** A store with one user, counting how often it is asked. */
    private static final class OneUser implements CredentialStore {
        final AtomicInteger asked = new AtomicInteger();
        final List<char[]> passwords = new ArrayList<>();

        @Override
        public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
            asked.incrementAndGet();
            passwords.add(password);
            if (user.equals("alice") && new String(password).equals("secret")) {
                return Optional.of(new Identity("alice", Set.of("admin"), "password", Optional.empty()));
            }
            return Optional.empty();
        }
    }

    private Authentication authentication(Map<String, String> values, CredentialStore... stores) {
        ConfigReader config = MapConfig.of(values);
        return new Authentication(
                AuthSettings.read(config),
                new JwtVerifier(config, CLOCK),
                List.of(stores),
                failures::add,
                Optional::empty,
                CLOCK);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongPasswordIsRefusedReportedWithItsSchemeAndClearedFromMemory() {
        OneUser store = new OneUser();
        Authentication authentication = authentication(Map.of(), store);

        assertThatThrownBy(() -> authentication.password("alice", "wrong".toCharArray(), null, "password", "10.0.0.1"))
                .isInstanceOf(AuthenticationException.class);

        assertThat(failures).singleElement().satisfies(event -> {
            assertThat(event.clientAddress()).isEqualTo("10.0.0.1");
            assertThat(event.user()).isEqualTo("alice");
            assertThat(event.scheme()).isEqualTo("password");
            assertThat(event.at()).isEqualTo(CLOCK.instant());
        });
        assertThat(new String(store.passwords.getFirst())).isEqualTo("\0\0\0\0\0");
    }

    @Test
    void aVerifiedBasicCredentialIsAnsweredFromMemoryUntilItsUserLogsOutOfTheCache() throws Exception {
        OneUser store = new OneUser();
        Authentication authentication = authentication(Map.of(), store);

        Identity first = authentication.basic(basic("alice", "secret"), null, "10.0.0.1");
        Identity second = authentication.basic(basic("alice", "secret"), null, "10.0.0.1");

        assertThat(first.name()).isEqualTo("alice");
        assertThat(first.method()).isEqualTo("basic");
        assertThat(second).isEqualTo(first);
        assertThat(store.asked).hasValue(1);
        assertThatThrownBy(() -> authentication.basic("not base64!", null, "10.0.0.1"))
                .hasMessageContaining("malformed");
    }

    @Test
    void aTicketStandsForItsIdentityOnceAndTheSettingsLimitItsLifetime() throws Exception {
        Authentication authentication = authentication(Map.of(ConfigKeys.AUTH_TICKET_TTL, "7"));
        Identity login =
                authentication.loginIdentity(new Identity("bob", Set.of("user"), "password", Optional.empty()));

        String ticket = authentication.issueTicket(login);

        assertThat(authentication.ticketTtlSeconds()).isEqualTo(7);
        Identity redeemed = authentication.ticket(ticket, "ticket", "10.0.0.2");
        assertThat(redeemed.name()).isEqualTo("bob");
        assertThat(redeemed.expiresAt()).isEqualTo(login.expiresAt());
        assertThatThrownBy(() -> authentication.ticket(ticket, "ticket", "10.0.0.2"))
                .isInstanceOf(AuthenticationException.class);
        assertThat(failures).extracting(AuthenticationFailedEvent::scheme).containsExactly("ticket");
    }

    @Test
    void withoutAStoreOrAKeyNeitherPasswordsNorBearerTokensAreAccepted() {
        Authentication authentication = authentication(Map.of());

        assertThat(authentication.passwordsEnabled()).isFalse();
        assertThat(authentication.bearerEnabled()).isFalse();
        assertThatThrownBy(() -> authentication.bearer("a.b.c", "10.0.0.3")).hasMessageContaining("not accepted");
        assertThat(authentication.settings().realm()).isEqualTo("switchboard");
    }
}
