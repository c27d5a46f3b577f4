package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MapConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerCredentialStoreLogsInAndOutTest {

    /**
     * A container realm behind the request, as an application server gives one: one user with password, a
     * canonical principal name and realm roles. Only the methods of the login contract answer.
     */
    private static final class Realm {
        final List<String> calls = new ArrayList<>();
        Principal principal;

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                        calls.add(method.getName());
                        return switch (method.getName()) {
                            case "login" -> {
                                if (principal != null) {
                                    throw new ServletException("Already authenticated");
                                }
                                if (!"Alice".equalsIgnoreCase((String) args[0]) || !"secret".equals(args[1])) {
                                    throw new ServletException("Login failed");
                                }
                                principal = () -> "alice@realm";
                                yield null;
                            }
                            case "logout" -> {
                                principal = null;
                                yield null;
                            }
                            case "getUserPrincipal" -> principal;
                            case "isUserInRole" ->
                                principal != null && Set.of("admin", "staff").contains(args[0]);
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
        }
    }

    @Test
    void loginGivesContainerIdentityWithConfirmedRolesAndLogsOutAgain() {
        Realm realm = new Realm();
        ContainerCredentialStore store = new ContainerCredentialStore(MapConfig.of(
                Map.of(ConfigKeys.AUTH_CONTAINER, "true", ConfigKeys.AUTH_CONTAINER_ROLES, "admin, user,staff")));

        Optional<Identity> identity = store.authenticate("ALICE", "secret".toCharArray(), realm.request());

        assertThat(identity)
                .contains(new Identity("alice@realm", Set.of("admin", "staff"), "container", Optional.empty()));
        assertThat(realm.principal).isNull();
        assertThat(realm.calls).endsWith("logout");
    }

    @Test
    void wrongPasswordGivesNothingAndLeavesNoLogin() {
        Realm realm = new Realm();
        ContainerCredentialStore store =
                new ContainerCredentialStore(MapConfig.of(Map.of(ConfigKeys.AUTH_CONTAINER, "true")));

        assertThat(store.authenticate("alice", "guess".toCharArray(), realm.request()))
                .isEmpty();
        assertThat(realm.principal).isNull();
    }

    @Test
    void withoutConfiguredRolesTheIdentityHasNone() {
        Realm realm = new Realm();
        ContainerCredentialStore store =
                new ContainerCredentialStore(MapConfig.of(Map.of(ConfigKeys.AUTH_CONTAINER, "on")));

        assertThat(store.authenticate("alice", "secret".toCharArray(), realm.request()))
                .map(Identity::roles)
                .contains(Set.of());
    }

    @Test
    void storeIsOffUnlessEnabled() {
        Realm realm = new Realm();
        ContainerCredentialStore store = new ContainerCredentialStore(MapConfig.of(Map.of()));

        assertThat(store.enabled()).isFalse();
        assertThat(store.authenticate("alice", "secret".toCharArray(), realm.request()))
                .isEmpty();
        assertThat(realm.calls).isEmpty();
    }
}
