package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of one run. {@link #full()} is the documented benchmark; {@link #smoke()} the few-second run the
 * default build executes so the harness cannot rot.
 *
 * @param profile             name recorded in the results
 * @param echoConnections     concurrent connections of the echo scenario
 * @param echoRoundTrips      round trips per measured echo round (spread over the connections)
 * @param echoWarmupRoundTrips round trips per warm-up echo round
 * @param echoPayloadBytes    size of an echo message
 * @param fanoutSubscribers   subscriber counts of the fan-out scenario
 * @param fanoutDeliveries    deliveries per throughput round (publications = deliveries / subscribers)
 * @param fanoutWindow        publications in flight in a throughput round (each waits for all its deliveries)
 * @param latencyRate         deliveries per second of the fixed-rate latency round
 * @param latencySeconds      length of a latency round
 * @param sseSubscribers      subscriber counts of the SSE fan-out scenario
 * @param clusterSubscribers  subscriber counts of the cluster fan-out scenario (subscribers on one node, the
 *                            publisher on another; same deliveries, window and latency rate as the fan-out)
 * @param idleConnections     connection counts of the idle scenario (capped by the file descriptor limit)
 * @param idleWarmupConnections connections of the one warm-up round of the idle scenario
 * @param idleHold            how long the idle scenario holds its connections open before measuring the server
 * @param warmupRounds        rounds discarded before measuring
 * @param rounds              measured rounds; each figure is their median, with min and max
 * @param sourceAddresses     loopback source addresses of the driver (127.0.0.2 onwards)
 * @param serverJvmOptions    JVM options of both servers
 * @param roundTimeout        the longest a round may take before it is reported as failed
 * @param peerSubscribers     subscriber counts of the STOMP and MQTT fan-out against their peers (same deliveries,
 *                            window and latency rate as the fan-out)
 * @param mosquitto           whether the MQTT fan-out runs Mosquitto beside Switchboard (not in the smoke run, so
 *                            the default build needs no Mosquitto installed)
 */
record Settings(
        String profile,
        List<Integer> echoConnections,
        int echoRoundTrips,
        int echoWarmupRoundTrips,
        int echoPayloadBytes,
        List<Integer> fanoutSubscribers,
        int fanoutDeliveries,
        int fanoutWindow,
        int latencyRate,
        double latencySeconds,
        List<Integer> sseSubscribers,
        List<Integer> clusterSubscribers,
        List<Integer> idleConnections,
        int idleWarmupConnections,
        Duration idleHold,
        int warmupRounds,
        int rounds,
        int sourceAddresses,
        List<String> serverJvmOptions,
        Duration roundTimeout,
        List<Integer> peerSubscribers,
        boolean mosquitto) {

    /** The full benchmark: 100,000 round trips, 100 to 10,000 subscribers, 10,000 and 50,000 idle connections. */
    static Settings full() {
        return new Settings(
                "full",
                List.of(1, 10, 100, 1000),
                100_000,
                20_000,
                64,
                List.of(100, 1000, 10_000),
                200_000,
                8,
                10_000,
                5.0,
                List.of(100, 1000),
                List.of(100, 1000),
                List.of(10_000, 50_000),
                2_000,
                Duration.ofSeconds(60),
                1,
                3,
                8,
                List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC"),
                Duration.ofSeconds(120),
                List.of(100, 1000),
                true);
    }

    /** A shorter run of the same kind, for profiling with {@code --jfr} or a first look: one measured round. */
    static Settings quick() {
        return new Settings(
                "quick",
                List.of(1, 100, 1000),
                50_000,
                20_000,
                64,
                List.of(1000, 10_000),
                200_000,
                8,
                10_000,
                5.0,
                List.of(1000),
                List.of(1000),
                List.of(10_000),
                2_000,
                Duration.ofSeconds(10),
                1,
                1,
                8,
                List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC"),
                Duration.ofSeconds(120),
                List.of(1000),
                true);
    }

    /** Tiny sizes: proves every scenario runs against both servers and yields figures, in a few seconds. */
    static Settings smoke() {
        return new Settings(
                "smoke",
                List.of(1, 4),
                400,
                200,
                64,
                List.of(20),
                400,
                4,
                2_000,
                0.5,
                List.of(10),
                List.of(20),
                List.of(40),
                10,
                Duration.ofMillis(500),
                1,
                1,
                2,
                List.of("-Xms64m", "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1"),
                Duration.ofSeconds(20),
                List.of(20),
                false);
    }

    /** The same sizes, with or without Mosquitto in the MQTT fan-out ({@code --mosquitto on|off}). */
    Settings withMosquitto(boolean run) {
        return new Settings(
                profile,
                echoConnections,
                echoRoundTrips,
                echoWarmupRoundTrips,
                echoPayloadBytes,
                fanoutSubscribers,
                fanoutDeliveries,
                fanoutWindow,
                latencyRate,
                latencySeconds,
                sseSubscribers,
                clusterSubscribers,
                idleConnections,
                idleWarmupConnections,
                idleHold,
                warmupRounds,
                rounds,
                sourceAddresses,
                serverJvmOptions,
                roundTimeout,
                peerSubscribers,
                run);
    }

    /**
     * The same sizes, with other idle connection counts or another hold ({@code --idle-connections},
     * {@code --idle-hold}).
     *
     * @param connections the idle scenario's connection counts, or null to keep the profile's
     * @param hold        how long it holds them open, or null to keep the profile's
     * @return the settings
     */
    Settings withIdle(List<Integer> connections, Duration hold) {
        return new Settings(
                profile,
                echoConnections,
                echoRoundTrips,
                echoWarmupRoundTrips,
                echoPayloadBytes,
                fanoutSubscribers,
                fanoutDeliveries,
                fanoutWindow,
                latencyRate,
                latencySeconds,
                sseSubscribers,
                clusterSubscribers,
                connections == null ? idleConnections : List.copyOf(connections),
                idleWarmupConnections,
                hold == null ? idleHold : hold,
                warmupRounds,
                rounds,
                sourceAddresses,
                serverJvmOptions,
                roundTimeout,
                peerSubscribers,
                mosquitto);
    }
}
