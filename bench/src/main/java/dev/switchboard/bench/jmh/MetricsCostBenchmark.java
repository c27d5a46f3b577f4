package dev.switchboard.bench.jmh;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metrics add to the message path, in-process: with metrics on, the hub's delivery of a publication reads the
 * clock once more and records the publish-to-enqueue time in a timer with a percentile histogram, built as
 * {@code SwitchboardMetrics} builds it; with metrics off it does neither. Every other meter reads counts the hub keeps
 * either way, at scrape time, so nothing else differs per message. Divided by the server's CPU time per publication
 * (the {@code server CPU per delivery} figure of {@code bench/run.sh} times the subscribers) it gives the share of a
 * publication's work that metrics take. Run with {@code ./build mvn -B -q -pl bench -am verify -Pjmh -DskipTests
 * -Dautobahn.skip=true -Djmh.args='MetricsCostBenchmark'}.
 *
 * <p>{@code twoThreads} records from two threads at once, as two publishers of different channels would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class MetricsCostBenchmark {

    private Timer timer;
    private final long handed = System.nanoTime() - 50_000;

    @Setup
    public void setUp() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        timer = Timer.builder("switchboard.publish.to.enqueue")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Metrics off: the delivery does not read the clock again. The baseline of the harness's own cost. */
    @Benchmark
    public long off() {
        return handed + ThreadLocalRandom.current().nextInt(1024);
    }

    /** Metrics on: the clock read and the timer's record, with times spread over the histogram's buckets. */
    @Benchmark
    public long on() {
        long elapsed = System.nanoTime() - handed + ThreadLocalRandom.current().nextInt(1024);
        timer.record(elapsed, TimeUnit.NANOSECONDS);
        return elapsed;
    }

    /** Metrics on, two publishing threads recording into the one timer. */
    @Benchmark
    @Threads(2)
    public long twoThreads() {
        return on();
    }
}
