package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which requests count as a script's, and the challenge each kind gets. */
class ScriptRequestsAreChallengedWithSessionNotBasicTest {

    private static UnaryOperator<String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    @Test
    void fetchModesOtherThanNavigateAreScripts() {
        for (String mode : new String[] {"cors", "same-origin", "no-cors", "websocket", "CORS", " cors "}) {
            assertThat(PasswordChallenge.fromScript(headers("Sec-Fetch-Mode", mode)))
                    .as(mode)
                    .isTrue();
        }
    }

    @Test
    void navigationsAreNotScripts() {
        assertThat(PasswordChallenge.fromScript(headers("Sec-Fetch-Mode", "navigate")))
                .isFalse();
        assertThat(PasswordChallenge.fromScript(headers("sec-fetch-mode", "Navigate", "Sec-Fetch-Dest", "document")))
                .isFalse();
    }

    @Test
    void clientsWithoutFetchMetadataAreNotScripts() {
        assertThat(PasswordChallenge.fromScript(headers())).isFalse();
        assertThat(PasswordChallenge.fromScript(headers("User-Agent", "curl/8.5.0", "Accept", "*/*")))
                .isFalse();
    }

    @Test
    void theScriptHeadersMarkAScriptWhateverTheirValueAndOverANavigation() {
        assertThat(PasswordChallenge.fromScript(headers("X-Requested-With", "XMLHttpRequest")))
                .isTrue();
        assertThat(PasswordChallenge.fromScript(headers("x-requested-with", "")))
                .isTrue();
        assertThat(PasswordChallenge.fromScript(headers("X-Switchboard-Admin", "1")))
                .isTrue();
        assertThat(PasswordChallenge.fromScript(headers("Sec-Fetch-Mode", "navigate", "X-Switchboard-Admin", "1")))
                .as("a page's own header wins over the navigate mode")
                .isTrue();
    }

    @Test
    void scriptsGetSessionAndOthersBasicNamingTheRealm() {
        assertThat(PasswordChallenge.basic("switchboard")).isEqualTo("Basic realm=\"switchboard\", charset=\"UTF-8\"");
        assertThat(PasswordChallenge.session("switchboard")).isEqualTo("Session realm=\"switchboard\"");
    }

    @Test
    void aRealmWithQuotesStaysOneQuotedString() {
        assertThat(PasswordChallenge.session("a \"b\" \\c")).isEqualTo("Session realm=\"a \\\"b\\\" \\\\c\"");
    }
}
