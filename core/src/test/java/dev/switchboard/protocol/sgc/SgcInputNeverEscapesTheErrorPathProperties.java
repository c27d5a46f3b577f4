package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a client sends, the sgc reader and dispatcher answer on their documented paths: they never throw, every
 * frame they send is a JSON-RPC 2.0 object (or the bare protocol name {@code sgc@protocol} asks for), text that
 * is not an sgc envelope gets exactly one error object with the code the reader documents, and the connection
 * keeps working afterwards.
 */
class SgcInputNeverEscapesTheErrorPathProperties {

    private static SgcHarness sgc;

    @BeforeContainer
    static void start() {
        sgc = SgcHarness.start();
    }

    @AfterContainer
    static void stop() {
        sgc.close();
    }

    private static final List<String> VALID = List.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"news,a*\"},\"id\":\"1\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"news\",\"message\":\"hi\","
                    + "\"queue\":\"queueLevel2\"},\"id\":2}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":{\"a\":[1,2]},"
                    + "\"qos\":\"qosLevel2\"},\"id\":\"q\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"t\"},\"id\":\"t\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":{\"channel\":\"news\",\"epoch\":\"e\","
                    + "\"offset\":3},\"id\":\"r\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":\"{\"a\":1,\"b\":2}\",\"id\":\"c\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"x\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"id\":\"q\"}");

    private static final String ALPHABET = "{}[]\":,\\ ab*?@.-0123456789eE+ntrufl\u00e9\u0131\uD83D\uDE00\u0000";

    @Provide
    Arbitrary<String> arbitraryText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> mutatedMessages() {
        Arbitrary<String> template = Arbitraries.of(VALID);
        Arbitrary<List<int[]>> edits = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, ALPHABET.length() - 1))
                .as((kind, at, ch) -> new int[] {kind, at, ch})
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
        return Combinators.combine(template, edits).as((text, list) -> {
            StringBuilder mutated = new StringBuilder(text);
            for (int[] edit : list) {
                int at = mutated.isEmpty() ? 0 : edit[1] % mutated.length();
                char c = ALPHABET.charAt(edit[2]);
                switch (edit[0]) {
                    case 0 -> mutated.insert(at, c);
                    case 1 -> {
                        if (!mutated.isEmpty()) {
                            mutated.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (!mutated.isEmpty()) {
                            mutated.setCharAt(at, c);
                        }
                    }
                }
            }
            return mutated.toString();
        });
    }

    @Property(tries = 1500)
    void arbitraryTextIsAnsweredOnTheDocumentedPaths(@ForAll("arbitraryText") String text) {
        check(text);
    }

    @Property(tries = 1500)
    void mutatedValidMessagesAreAnsweredOnTheDocumentedPaths(@ForAll("mutatedMessages") String text) {
        check(text);
    }

    /** The error code the reader documents for this text, or null when it is an envelope. */
    private static Integer expectedError(String text) {
        try {
            SgcDecoder.parse(text);
            return null;
        } catch (MalformedMessage e) {
            return e.code();
        }
    }

    private static void check(String text) {
        TestConnection client = sgc.connectQuietly();
        Integer expectedCode = expectedError(text);

        List<String> answer = sgc.send(client, text);

        for (String frame : answer) {
            if (frame.equals(SgcProtocol.NAME)) {
                continue;
            }
            assertThat(SgcDecoder.read(frame))
                    .as("answer to %s: %s", text, frame)
                    .isInstanceOf(JsonObject.class);
            assertThat(((JsonObject) SgcDecoder.read(frame)).getString("jsonrpc"))
                    .isEqualTo("2.0");
        }
        if (expectedCode != null) {
            assertThat(answer).as("answer to %s", text).singleElement().satisfies(frame -> {
                JsonValue error = ((JsonObject) SgcDecoder.read(frame)).get("error");
                assertThat(error).isInstanceOf(JsonObject.class);
                assertThat(((JsonObject) error).getInt("code")).isEqualTo(expectedCode);
            });
        }
        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\"}"))
                .as("still working after %s", text)
                .containsExactly(SgcProtocol.NAME);
        sgc.disconnect(client);
    }
}
