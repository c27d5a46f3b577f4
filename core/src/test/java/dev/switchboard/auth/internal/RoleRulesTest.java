package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleRulesTest {

    /** A connection that only knows its identity; nothing else is asked by the rules. */
    private static Connection connection(Identity identity) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "identity" -> Optional.ofNullable(identity);
            case "principal" -> Optional.ofNullable(identity);
            case "id" -> "test";
            default ->
                method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args)
                        : switch (method.getName()) {
                            case "toString" -> "connection of " + identity;
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static final Connection ANONYMOUS = connection(null);
    private static final Connection READER = connection(new Identity("r", Set.of("reader"), "basic", Optional.empty()));
    private static final Connection ADMIN = connection(new Identity("a", Set.of("admin"), "basic", Optional.empty()));
    private static final Connection NOBODY = connection(new Identity("n", Set.of(), "basic", Optional.empty()));

    private final RoleRules rules = RoleRules.parse("key", "public.*=; news.*=reader,admin; users=*; *=admin");

    @Test
    void theFirstMatchingRuleDecidesAndMatchingIgnoresCase() {
        assertThat(rules.refusal(ANONYMOUS, "public.lobby", false)).isEmpty();
        assertThat(rules.refusal(ANONYMOUS, "news.eu", false)).isPresent();
        assertThat(rules.refusal(READER, "NEWS.eu", false)).isEmpty();
        assertThat(rules.refusal(READER, "ops", false))
                .get()
                .extracting(RoleRules.Rule::pattern)
                .isEqualTo("*");
        assertThat(rules.refusal(ADMIN, "ops", false)).isEmpty();
    }

    @Test
    void aStarRoleAdmitsAnyAuthenticatedPrincipal() {
        assertThat(rules.refusal(NOBODY, "users", false)).isEmpty();
        assertThat(rules.refusal(ANONYMOUS, "users", false)).isPresent();
    }

    @Test
    void aMaskNeedsTheRolesOfEveryRuleItCouldReach() {
        assertThat(rules.refusal(READER, "news.*", true))
                .as("news.* reaches news channels only")
                .isEmpty();
        assertThat(rules.refusal(READER, "n*", true))
                .as("n* also reaches channels of the catch-all")
                .isPresent();
        assertThat(rules.refusal(ANONYMOUS, "public.[ab]*", true)).isEmpty();
        RoleRules narrow = RoleRules.parse("key", "news.secret=admin; news.*=reader");
        assertThat(narrow.refusal(READER, "news.*", true))
                .get()
                .extracting(RoleRules.Rule::pattern)
                .isEqualTo("news.secret");
        assertThat(narrow.refusal(READER, "news.p*", true))
                .as("cannot reach news.secret")
                .isEmpty();
        assertThat(narrow.refusal(READER, "*", true)).isPresent();
        assertThat(narrow.refusal(ADMIN, "sport.*", true)).isEmpty();
    }

    @Test
    void namesNoRuleMatchesAreOpen() {
        RoleRules some = RoleRules.parse("key", "admin.*=admin");
        assertThat(some.refusal(ANONYMOUS, "chat", false)).isEmpty();
        assertThat(RoleRules.parse("key", "").isEmpty()).isTrue();
        assertThat(RoleRules.parse("key", null).refusal(ANONYMOUS, "*", true)).isEmpty();
    }

    @Test
    void starsMatchAnyRunOfCharacters() {
        RoleRules.Rule rule = RoleRules.parse("key", "a*b*c=x").rules().get(0);
        assertThat(rule.matches("abc")).isTrue();
        assertThat(rule.matches("a.x.b.y.c")).isTrue();
        assertThat(rule.matches("a.x.b.y.cd")).isFalse();
        assertThat(rule.matches("ab")).isFalse();
    }

    @Test
    void malformedRulesNameTheKey() {
        assertThatThrownBy(() -> RoleRules.parse("switchboard.auth.rpc", "justapattern"))
                .hasMessageContaining("switchboard.auth.rpc")
                .hasMessageContaining("justapattern");
        assertThatThrownBy(() -> RoleRules.parse("k", "a b=x")).hasMessageContaining("bad pattern");
        assertThatThrownBy(() -> RoleRules.parse("k", "a=x y")).hasMessageContaining("bad role");
    }
}
