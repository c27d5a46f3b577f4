package dev.switchboard.client.autobahn;

import org.python.util.PythonInterpreter;

/**
 * The fuzzing server's JVM: Autobahn|Testsuite in {@code fuzzingserver} mode, listening on 127.0.0.1. It runs until
 * it is killed; the reports are written when a client asks for {@code /updateReports}.
 *
 * <p>Arguments: the WebSocket port, the port of the suite's own web pages (unused but always opened), the report
 * directory.
 */
public final class FuzzingServer {

    private FuzzingServer() {}

    /**
     * Starts the suite's reactor and never returns.
     *
     * @param args WebSocket port, web port, report directory
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int webPort = Integer.parseInt(args[1]);
        String reports = args[2].replace("\\", "/").replace("'", "");
        try (PythonInterpreter python = new PythonInterpreter()) {
            python.exec("from autobahntestsuite import wstest");
            if (Boolean.getBoolean("autobahn.log")) {
                python.exec("import sys\nfrom twisted.python import log\nlog.startLogging(sys.stdout)");
            }
            python.exec("spec = {'url': 'ws://127.0.0.1:" + port + "', 'webport': " + webPort + ", 'outdir': '"
                    + reports + "', 'cases': ['*'], 'exclude-cases': [], 'exclude-agent-cases': {},"
                    + " 'options': {'failByDrop': False}}");
            python.exec("wstest.start({'mode': 'fuzzingserver'}, spec)");
        }
    }
}
