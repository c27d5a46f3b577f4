package dev.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandLineParsesOrRefusesArgumentsTest {

    @Test
    void subscribeTakesACountAndATimeoutAndWaitsForeverWithoutOne() throws Exception {
        CommandLine line = CommandLine.parse("subscribe", "ws://127.0.0.1:8080/", "news", "--count", "3");
        assertThat(line.command()).isEqualTo("subscribe");
        assertThat(line.target()).isEqualTo("news");
        assertThat(line.count()).isEqualTo(3);
        assertThat(line.timeout()).isNull();
        assertThat(CommandLine.parse("subscribe", "ws://h/", "news", "--timeout", "7")
                        .timeout())
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void publishTakesQosAuthHeadersAndAProxyWithCredentials() throws Exception {
        CommandLine line = CommandLine.parse(
                "publish",
                "https://gw.example/app/",
                "news",
                "hello world",
                "--qos",
                "2",
                "--user",
                "alice",
                "--password",
                "s3cret",
                "--header",
                "X-Trace: abc:def",
                "--header",
                "X-Other:1",
                "--proxy",
                "socks5://bob:pa%3Ass@127.0.0.1:1080");
        assertThat(line.payload()).isEqualTo("hello world");
        assertThat(line.qos()).isEqualTo(2);
        assertThat(line.user()).isEqualTo("alice");
        assertThat(line.headers())
                .containsExactly(new CommandLine.Header("X-Trace", "abc:def"), new CommandLine.Header("X-Other", "1"));
        assertThat(line.proxy().getRawUserInfo()).isEqualTo("bob:pa%3Ass");
        assertThat(line.timeout()).isEqualTo(CommandLine.DEFAULT_TIMEOUT);
    }

    @Test
    void helpAnywhereWinsOverTheRest() throws Exception {
        assertThat(CommandLine.parse("publish", "--help").command()).isEqualTo("help");
        assertThat(CommandLine.parse("--help").command()).isEqualTo("help");
    }

    @Test
    void everyMistakeIsOneClearLine() {
        assertRefused("no command given", new String[] {});
        assertRefused("unknown command \"listen\"", "listen", "ws://h/", "x");
        assertRefused("publish takes 3 arguments, not 2", "publish", "ws://h/", "news");
        assertRefused("--qos must be between 0 and 2, not 3", "publish", "ws://h/", "news", "x", "--qos", "3");
        assertRefused("--count needs a whole number", "subscribe", "ws://h/", "news", "--count", "many");
        assertRefused("--qos is an option of publish", "rpc", "ws://h/", "add", "{}", "--qos", "1");
        assertRefused("--user and --password go together", "rpc", "ws://h/", "add", "{}", "--user", "a");
        assertRefused(
                "exclude each other", "rpc", "ws://h/", "a", "{}", "--user", "a", "--password", "b", "--token", "t");
        assertRefused("--header needs NAME:VALUE", "rpc", "ws://h/", "add", "{}", "--header", "novalue");
        assertRefused(
                "--proxy must be http://host:port or socks5://host:port",
                "rpc",
                "ws://h/",
                "a",
                "{}",
                "--proxy",
                "ftp://h:1");
        assertRefused("the URL must be ws://", "rpc", "ftp://h/", "add", "{}");
        assertRefused("--timeout needs a value", "subscribe", "ws://h/", "news", "--timeout");
        assertRefused("unknown option --verbose", "subscribe", "ws://h/", "news", "--verbose", "1");
    }

    private static void assertRefused(String message, String... args) {
        assertThatThrownBy(() -> CommandLine.parse(args))
                .isInstanceOf(CommandLine.UsageException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
