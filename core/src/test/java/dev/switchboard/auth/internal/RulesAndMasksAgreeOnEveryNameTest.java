package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.hub.ChannelMask;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A permission rule and a channel mask written alike decide every name alike, Unicode case and composition
 * included: both use the one fold and the one matcher, so no name can be reached by a mask that a rule of the same
 * text does not cover.
 */
class RulesAndMasksAgreeOnEveryNameTest {

    private static boolean rule(String pattern, String name) {
        return RoleRules.parse("key", pattern + "=admin").rules().get(0).matches(name);
    }

    private static boolean mask(String pattern, String name) {
        return ChannelMask.compile(pattern).matches(name);
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        // The dotless i is its own letter: neither engine takes it for i.
        "admin.*,      admın.secret,        false",
        "admın*,       admin.secret,        false",
        // The dotted capital I folds to i in both.
        "admin.*,      ADMİN.secret,        true",
        "ADMİN*,       admin.secret,        true",
        // The long s stays itself; the Kelvin sign is K after NFC.
        "secret*,      ſecret,              false",
        "ſ*,           secret,              false",
        "k*,           \u212Aey,            true",
        "\u212A*,      key,                 true",
        // Combining sequences are composed first.
        "café*,        cafe\u0301.menu,     true",
        "cafe\u0301*,  café.menu,           true",
        "NEWS.*,       news.eu,             true",
    })
    void ruleAndMaskGiveTheSameAnswer(String pattern, String name, boolean expected) {
        assertThat(rule(pattern, name)).as("rule").isEqualTo(expected);
        assertThat(mask(pattern, name)).as("mask").isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of(
                        "a", "A", "i", "I", "ı", "İ", "s", "S", "ſ", "k", "K", "\u212A", "e", "\u0301", "é", "Σ", "σ",
                        "ς", ".", "*", "?")
                .list()
                .ofMaxSize(6)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 2000)
    void ruleAndMaskAgreeOnRandomUnicodeNames(@ForAll("texts") String pattern, @ForAll("texts") String name) {
        if (pattern.isEmpty() || name.isEmpty()) {
            return;
        }
        assertThat(rule(pattern, name)).as("%s ~ %s", pattern, name).isEqualTo(mask(pattern, name));
    }
}
