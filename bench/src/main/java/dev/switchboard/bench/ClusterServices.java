package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.h2.tools.Server;

/**
 * What the nodes of the cluster fan-out share, in a JVM of its own, as a deployment would run them beside the
 * nodes: an Artemis broker (the cluster topic) and an H2 database server (the shared history), both on 127.0.0.1.
 * Neither runs in a node, so both nodes do the same work as they would against external services, nor in the
 * driver, whose pauses would be measured as latency.
 *
 * <p>The broker keeps messages in memory with security off, as the cluster tests run it. The line protocol is
 * {@link BenchServer}'s: it prints {@code BENCH READY <broker port> <database port>} and stops on {@code QUIT} or
 * when its input closes.
 */
public final class ClusterServices {

    private ClusterServices() {}

    /**
     * Runs the broker and the database until told to stop.
     *
     * @param args none
     * @throws Exception when either cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream control =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int brokerPort = freePort();
        Configuration configuration = new ConfigurationImpl()
                .setName("bench-cluster")
                .setSecurityEnabled(false)
                .setPersistenceEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
        Server database =
                Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        control.println("BENCH READY " + brokerPort + " " + database.getPort());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null && !line.equals("QUIT")) {
            // No other command: the harness measures the nodes, not these services.
        }
        broker.stop();
        database.stop();
        System.exit(0);
    }

    private static int freePort() throws IOException {
        // Artemis reports no port it picked itself; the gap between closing this socket and binding is harmless here.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
