/**
 * The benchmark harness: measures the embedded Switchboard server and, in the same run, a raw Jakarta WebSocket
 * endpoint on the same embedded Jetty with the same JVM settings, and reports the ratios; for STOMP and MQTT, the
 * brokers teams use instead (Spring's simple broker, {@link dev.switchboard.bench.SpringStompServer}, and Mosquitto,
 * {@link dev.switchboard.bench.MosquittoProcess}), driven by the harness's own STOMP and MQTT clients
 * ({@link dev.switchboard.bench.StompFrames}, {@link dev.switchboard.bench.MqttPackets}).
 *
 * <p>{@link dev.switchboard.bench.Harness} is the entry point; it starts each server in its own JVM
 * ({@link dev.switchboard.bench.BenchServer}) and drives them from its own JVM with an asynchronous client (Jetty's
 * WebSocket core client on a small thread pool, several loopback source addresses). Latency is recorded in
 * HdrHistogram against the time a message was due, so a stalled server cannot hide its stall (no coordinated
 * omission). {@code docs/benchmarks.md} describes the method and the figures.
 */
package dev.switchboard.bench;
