package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The MQTT peer: Mosquitto (Debian's package) with a configuration the harness writes, one WebSocket listener on
 * 127.0.0.1 and a free port, started for the MQTT fan-out and stopped after it.
 *
 * <p>The configuration is what a team would run a WebSocket broker with, not a crippled one: anonymous access (the
 * benchmark has no credentials on any server), no persistence (Switchboard keeps nothing either for clean QoS 0
 * sessions), TCP_NODELAY on (Jetty's default for the Java servers), and the queue bounds at Mosquitto's defaults
 * written out: {@code max_queued_messages 1000} (QoS 1 and 2 messages queued per client; Switchboard's
 * {@code switchboard.mqtt.max-queued} is also 1,000), {@code max_inflight_messages 20}, no byte bound. At QoS 0 none
 * of them binds: QoS 0 messages to a connected client go straight to its socket buffer in both brokers.
 */
final class MosquittoProcess implements AutoCloseable {

    /** Where Debian installs it; {@code MOSQUITTO} in the environment names another binary. */
    static final String DEFAULT_BINARY = "/usr/sbin/mosquitto";

    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary to run, or null when Mosquitto is not installed. */
    static Path binary() {
        String configured = System.getenv("MOSQUITTO");
        Path path = Path.of(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured);
        return Files.isExecutable(path) ? path : null;
    }

    /** The configuration file's text for a listener on {@code port}. */
    static String configuration(int port, int plainPort) {
        return String.join(
                "\n",
                "# Written by the Switchboard benchmark harness (bench/run.sh); see docs/benchmarks.md.",
                "per_listener_settings false",
                "allow_anonymous true",
                "persistence false",
                // Standard error, which the harness keeps in a file: run as root, Mosquitto drops to its own user,
                // who may not write to the results directory.
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "connection_messages false",
                "set_tcp_nodelay true",
                "max_queued_messages 1000",
                "max_inflight_messages 20",
                "max_connections -1",
                // Mosquitto 2.0.11 refuses to start with a WebSocket listener alone ("Unable to start any listening
                // sockets"), so a plain MQTT listener, unused, comes first.
                "listener " + plainPort + " 127.0.0.1",
                "listener " + port + " 127.0.0.1",
                "protocol websockets",
                // With IPv6 on, 2.0.11's WebSocket listener ignores the address and binds every interface; limited
                // to IPv4 it binds the address given, loopback only.
                "socket_domain ipv4",
                "");
    }

    /**
     * Writes the configuration to {@code dir} and starts Mosquitto, waiting (at most 30 s) until its listener
     * accepts connections.
     *
     * @throws IOException when it is not installed, cannot start, or does not listen in time
     */
    static MosquittoProcess start(Path dir) throws IOException {
        Path binary = binary();
        if (binary == null) {
            throw new IOException("Mosquitto is not installed (" + DEFAULT_BINARY
                    + " missing): apt-get install -y mosquitto, or run bench/run.sh, which installs it");
        }
        int port;
        int plainPort;
        // Both held open at once, so they differ; closed before Mosquitto binds them: another process could take one
        // meanwhile, and Mosquitto then fails to start, which is reported.
        try (ServerSocket first = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ServerSocket second = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = first.getLocalPort();
            plainPort = second.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf").toAbsolutePath();
        Path log = dir.resolve("mosquitto.log");
        Files.writeString(config, configuration(port, plainPort), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(List.of(binary.toString(), "-c", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        MosquittoProcess mosquitto = new MosquittoProcess(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return mosquitto;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    mosquitto.close();
                    throw new IOException("Mosquitto did not listen on port " + port + " (see " + log + ")", notYet);
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    /** The first line of {@code mosquitto -h} ("mosquitto version 2.0.11"), or "unknown". */
    static String version() {
        return ServerProcess.firstLineOf(binary(), "-h");
    }

    long pid() {
        return process.pid();
    }

    /** The WebSocket URI of its listener (Mosquitto serves MQTT at any path). */
    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/mqtt");
    }

    /** Its process, for the CPU time it uses ({@link ServerMeter}). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        // SIGTERM: Mosquitto closes its clients and exits.
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
