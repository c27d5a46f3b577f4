package dev.switchboard.embedded.security;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;

/** The server the detector attacks run against: every injection detector on, on every path. */
final class EveryDetector {

    private EveryDetector() {}

    /** Starts a server on 127.0.0.1 with the four detectors on and the {@link FirewallProbe} bean. */
    static SwitchboardServer start() throws Exception {
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_XSS_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_PATH_TRAVERSAL_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_COMMAND_INJECTION_ENABLED, "true")
                .beanClasses(FirewallProbe.class)
                .build();
        server.start();
        return server;
    }
}
