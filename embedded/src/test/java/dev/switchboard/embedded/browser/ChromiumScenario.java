package dev.switchboard.embedded.browser;

import dev.switchboard.embedded.SwitchboardServerBuilder;
import dev.switchboard.embedded.testing.RunningNode;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs headless Chromium scenarios of {@code src/test/browser} against one server, for every test of a class: what
 * {@link NodeScenario} is for a script, this is for a class of them, parameterised by the server's configuration and
 * then by each scenario's script and arguments. Registered with {@code @RegisterExtension static}, it fails the class
 * when Node or Chromium is missing, starts a {@link RunningNode} before the first test and stops it after the last.
 */
final class ChromiumScenario implements BeforeAllCallback, AfterAllCallback {

    /** How long one scenario may run: two browsers, their pages and a peer connection on a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final RunningNode node;

    private ChromiumScenario(RunningNode node) {
        this.node = node;
    }

    /**
     * Scenarios against a server with the default configuration.
     *
     * @return the launcher, to register with {@code @RegisterExtension static}
     */
    static ChromiumScenario against() {
        return against(Map.of());
    }

    /**
     * Scenarios against a server with configuration entries ({@code ConfigKeys} to values).
     *
     * @param environment the entries
     * @return the launcher, to register with {@code @RegisterExtension static}
     */
    static ChromiumScenario against(Map<String, String> environment) {
        return new ChromiumScenario(RunningNode.perClass(environment));
    }

    /**
     * Scenarios against a server configured beyond host and port by the caller (bean classes, entries).
     *
     * @param configure adds to the builder
     * @return the launcher, to register with {@code @RegisterExtension static}
     */
    static ChromiumScenario against(Consumer<SwitchboardServerBuilder> configure) {
        return new ChromiumScenario(RunningNode.perClass(configure));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        NodeScenario.requireTools(true);
        node.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        node.afterAll(context);
    }

    /**
     * Runs one script against the server: its first argument is the server's base URI, then {@code args}.
     *
     * @param script the script's file name in {@code src/test/browser}
     * @param args   the script's further arguments
     * @return what it printed and how it ended
     * @throws Exception when it cannot be run or does not end within {@link #TIMEOUT}
     */
    NodeScenario.Result run(String script, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = NodeScenario.base(node.server().httpUri());
        System.arraycopy(args, 0, all, 1, args.length);
        return NodeScenario.run(TIMEOUT, script, all);
    }
}
