package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Identity;
import dev.switchboard.spi.CredentialStore;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordCheckAsksEnabledStoresInOrderTest {

    private final List<String> asked = new ArrayList<>();

    private CredentialStore store(String name, boolean enabled, String acceptedUser, long revision) {
        return new CredentialStore() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public long revision() {
                return revision;
            }

            @Override
            public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
                asked.add(name);
                if (name.equals("broken")) {
                    throw new IllegalStateException("database down");
                }
                return user.equals(acceptedUser)
                        ? Optional.of(new Identity(user, Set.of(name), "password", Optional.empty()))
                        : Optional.empty();
            }
        };
    }

    private static BasicCredentialCache cache() {
        return new BasicCredentialCache(Clock.systemUTC(), Duration.ofSeconds(60), 10);
    }

    @Test
    void disabledStoresAreSkippedAFailingOneIsPassedAndTheFirstThatAcceptsWins() {
        PasswordCheck check = new PasswordCheck(
                List.of(
                        store("off", false, "alice", 0),
                        store("broken", true, "alice", 0),
                        store("file", true, "alice", 0),
                        store("jdbc", true, "alice", 0)),
                cache());
        char[] password = "pw".toCharArray();

        Optional<Identity> identity = check.check("alice", password, null);

        assertThat(identity).map(Identity::roles).contains(Set.of("file"));
        assertThat(asked).containsExactly("broken", "file");
        assertThat(password).containsOnly('\0');
        assertThat(check.enabled()).isTrue();
        assertThat(new PasswordCheck(List.of(store("off", false, "x", 0)), cache()).enabled())
                .isFalse();
    }

    @Test
    void aBasicCredentialDecodesIntoUserAndPasswordOrIsMalformed() {
        String encoded = Base64.getEncoder().encodeToString("bob:pa:ss".getBytes(StandardCharsets.UTF_8));

        assertThat(PasswordCheck.decodeBasic(encoded)).hasValueSatisfying(basic -> {
            assertThat(basic.user()).isEqualTo("bob");
            assertThat(basic.password()).containsExactly('p', 'a', ':', 's', 's');
        });
        assertThat(PasswordCheck.decodeBasic("***")).isEmpty();
        assertThat(PasswordCheck.decodeBasic(Base64.getEncoder().encodeToString("nocolon".getBytes())))
                .isEmpty();
    }

    @Test
    void aChangedStoreRevisionMakesRememberedCredentialsUnknown() {
        long[] revision = {1};
        CredentialStore changing = new CredentialStore() {
            @Override
            public long revision() {
                return revision[0];
            }

            @Override
            public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
                return Optional.empty();
            }
        };
        PasswordCheck check = new PasswordCheck(List.of(changing), cache());
        Identity alice = new Identity("alice", Set.of(), "basic", Optional.empty());
        Object before = check.storeRevision();
        assertThat(check.remembered("cred", before)).isEmpty();
        check.remember("cred", alice, before);
        assertThat(check.remembered("cred", check.storeRevision())).contains(alice);

        revision[0] = 2;

        assertThat(check.remembered("cred", check.storeRevision())).isEmpty();
    }

    @Test
    void onlyTheSessionItsTicketsAndItsSessionTokensBelongToALogin() {
        Optional<Instant> end = Optional.of(Instant.parse("2030-01-01T08:00:00Z"));
        Identity login = new Identity("carol", Set.of(), Logins.SESSION_METHOD, end);

        assertThat(Logins.ofLogin(login, login)).isTrue();
        assertThat(Logins.ofLogin(new Identity("carol", Set.of(), Logins.TICKET_METHOD, end), login))
                .isTrue();
        assertThat(Logins.ofLogin(new Identity("carol", Set.of(), Logins.SESSION_TOKEN_METHOD, end), login))
                .isTrue();
        assertThat(Logins.ofLogin(new Identity("carol", Set.of(), "bearer", end), login))
                .as("refreshed with a bearer token")
                .isFalse();
        assertThat(Logins.ofLogin(
                        new Identity("carol", Set.of(), Logins.TICKET_METHOD, Optional.of(Instant.EPOCH)), login))
                .as("another login of the same user")
                .isFalse();
        assertThat(Logins.ofLogin(new Identity("dave", Set.of(), Logins.TICKET_METHOD, end), login))
                .isFalse();
    }
}
