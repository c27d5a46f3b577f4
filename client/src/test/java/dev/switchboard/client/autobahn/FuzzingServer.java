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

    /**
     * The suite records a case when Twisted reports its connection lost. On Jython, Twisted does not report the loss
     * of a connection the server closed itself ({@code dropConnection}), which is how the suite ends every case in
     * which the client fails the connection (it drops the TCP connection on the client's close frame). Those cases
     * would never be recorded. This patch reports the loss itself two seconds after such a drop, unless Twisted did
     * by then, and at most once per connection, so the suite judges the case from what it saw, as it does on
     * CPython.
     */
    private static final String JYTHON_LOST_CONNECTIONS = String.join(
            "\n",
            "from twisted.internet import reactor",
            "from autobahntestsuite import fuzzing",
            "_Protocol = fuzzing.FuzzingServerProtocol",
            "_lost = _Protocol.connectionLost",
            "_drop = _Protocol.dropConnection",
            "def _connectionLost(self, reason):",
            "    if getattr(self, '_sbLost', False):",
            "        return",
            "    self._sbLost = True",
            "    _lost(self, reason)",
            "def _dropConnection(self, abort = False):",
            "    _drop(self, abort)",
            "    reactor.callLater(2, lambda: None if getattr(self, '_sbLost', False) else self.connectionLost(None))",
            "_Protocol.connectionLost = _connectionLost",
            "_Protocol.dropConnection = _dropConnection");

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
            python.exec(JYTHON_LOST_CONNECTIONS);
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
