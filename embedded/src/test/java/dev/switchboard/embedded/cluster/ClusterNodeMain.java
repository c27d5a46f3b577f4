package dev.switchboard.embedded.cluster;

import dev.switchboard.config.ConfigReader;
import dev.switchboard.embedded.HubCommandProtocol;
import dev.switchboard.embedded.SwitchboardLauncher;
import dev.switchboard.embedded.SwitchboardServer;

/**
 * A cluster node for the tests: the launcher, as {@code java -jar} runs it, with the test subprotocol that drives
 * the gateway ({@link HubCommandProtocol}) added, so a test can make it send to groups, connections and users.
 */
public final class ClusterNodeMain {

    private ClusterNodeMain() {}

    /**
     * Starts the node and waits until it stops (SIGTERM, or SIGKILL for the crash tests).
     *
     * @param args {@code --port N}
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        SwitchboardServer server = SwitchboardLauncher.fromConfiguration(args, ConfigReader.standard())
                .beanClasses(HubCommandProtocol.class)
                .build();
        server.start();
        server.join();
    }
}
