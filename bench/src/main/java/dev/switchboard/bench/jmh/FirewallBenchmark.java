package dev.switchboard.bench.jmh;

import dev.switchboard.api.Connection;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.firewall.AddressSet;
import dev.switchboard.firewall.Firewall;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.InboundMessageCheck;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The firewall's cost per inbound text message ({@link Firewall#checkText}) and per HTTP request
 * ({@link Firewall#admit}), in-process, with every module on ({@code all}) against the defaults ({@code minimal}:
 * firewall on, every module off). Run with {@code ./build mvn -B -q -pl bench -am verify -Pjmh -DskipTests
 * -Dautobahn.skip=true} (see docs/benchmarks.md); the default build compiles it and never runs it.
 *
 * <p>{@code all}: allow and deny lists with a few ranges, brute force, escalation, connection rate and concurrent cap
 * (inert for a plain request), flood (limit far above the benchmark's rate so nothing is refused), payload limit,
 * all four detectors on every path, threat score, GeoIP over 10,000 ranges, and one custom rule that passes.
 *
 * <p>{@code hugeMessage} and {@code hugeQuery} measure the detectors' worst case: a 64 KB message and an 8 KB query
 * of unclosed tag openings followed by {@code =}, which made the former backtracking expressions take quadratic
 * time. Divided by 64 and by 8 they give the cost per KB of input; with the bounded inspection prefix
 * ({@code switchboard.firewall.inspect-max-chars}, 8192 characters) the message's cost is that of its first 8 KB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(2)
public class FirewallBenchmark {

    @Param({"minimal", "all"})
    public String config;

    private Firewall firewall;
    private Connection connection;
    private FirewallRequest request;
    private Path geoIp;
    private final String hugeMessage = "<a ".repeat(64 * 1024 / 3) + "=";
    private FirewallRequest hugeRequest;
    private final String message = "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"chat\","
            + "\"text\":\"Hi O'Brien, the build passed; see you at 5 -- Jane\"},\"id\":42}";

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Map<String, String> values = new HashMap<>();
        if (config.equals("all")) {
            geoIp = Files.createTempFile("geoip", ".csv");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                // 10,000 ranges of 256 addresses from 10.0.0.0, codes cycling through AA..ZZ-like pairs.
                int a = i >> 8;
                int b = i & 0xFF;
                lines.add("10." + a + "." + b + ".0,10." + a + "." + b + ".255," + (char) ('A' + i % 26)
                        + (char) ('A' + i / 26 % 26));
            }
            lines.add("198.51.100.0,198.51.100.255,ZZ");
            Files.write(geoIp, lines);
            values.put(ConfigKeys.FIREWALL_ALLOW, "192.0.2.1,2001:db8::1");
            values.put(ConfigKeys.FIREWALL_DENY, "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,2001:db8:dead::/48");
            values.put(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_FLOOD_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_FLOOD_MAX, "1000000000");
            values.put(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_XSS_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_PATH_TRAVERSAL_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_COMMAND_INJECTION_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_THREAT_SCORE_ENABLED, "true");
            values.put(ConfigKeys.FIREWALL_GEOIP_FILE, geoIp.toString());
            values.put(ConfigKeys.FIREWALL_GEOIP_DENY, "QQ");
        }
        values.put(ConfigKeys.FIREWALL_BAN_STORE, "memory");
        FirewallSettings settings = FirewallSettings.read(new ConfigReader(List.of(new ConfigReader.Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public String describe() {
                return "benchmark";
            }
        })));
        firewall = new Firewall(
                settings,
                Clock.systemUTC(),
                config.equals("all") ? List.of(r -> CheckResult.notApplicable()) : List.of());
        URI uri = URI.create("/chat/room?channel=news&since=2024-01-01&q=hello+world");
        connection = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "bench-1";
                    case "remoteAddress" -> new InetSocketAddress("198.51.100.7", 40000);
                    case "headers" -> Map.of();
                    case "requestUri" -> uri;
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "bench-1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        firewall.opened(connection);
        request = new FirewallRequest(AddressSet.literal("198.51.100.7").orElseThrow(), "GET", uri, Map.of(), false);
        URI hugeUri = URI.create("/chat/room?q=" + "%3Ca/".repeat(8 * 1024 / 3) + "%3D");
        hugeRequest =
                new FirewallRequest(AddressSet.literal("198.51.100.7").orElseThrow(), "GET", hugeUri, Map.of(), false);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (geoIp != null) {
            Files.deleteIfExists(geoIp);
        }
    }

    /**
     * One inbound text message.
     *
     * @return the verdict (consumed by JMH)
     */
    @Benchmark
    public InboundMessageCheck.Verdict message() {
        return firewall.checkText(connection, message);
    }

    /**
     * One plain HTTP request.
     *
     * @return the refusal, empty here (consumed by JMH)
     */
    @Benchmark
    public Optional<?> admit() {
        return firewall.admit(request);
    }

    /**
     * A 64 KB message built to make backtracking expressions take quadratic time.
     *
     * @return the verdict (consumed by JMH)
     */
    @Benchmark
    public InboundMessageCheck.Verdict hugeMessage() {
        return firewall.checkText(connection, hugeMessage);
    }

    /**
     * A request with an 8 KB (decoded) query built the same way.
     *
     * @return the refusal, empty here (consumed by JMH)
     */
    @Benchmark
    public Optional<?> hugeQuery() {
        return firewall.admit(hugeRequest);
    }
}
