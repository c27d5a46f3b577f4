package dev.switchboard.embedded.logs;

import dev.switchboard.config.ConfigReader;
import dev.switchboard.embedded.LogFormat;
import dev.switchboard.embedded.SwitchboardLauncher;
import dev.switchboard.embedded.SwitchboardServer;

/** The launcher's start, log format first, with the failing test subprotocol added; run in a child JVM. */
public final class JsonLogNodeMain {

    private JsonLogNodeMain() {}

    public static void main(String[] args) throws Exception {
        LogFormat.install();
        SwitchboardServer server = SwitchboardLauncher.fromConfiguration(args, ConfigReader.standard())
                .beanClasses(FailingProbeProtocol.class)
                .build();
        server.start();
        server.join();
    }
}
