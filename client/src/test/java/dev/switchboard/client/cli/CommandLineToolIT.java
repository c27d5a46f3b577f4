package dev.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.client.ClientEvent;
import dev.switchboard.client.Qos;
import dev.switchboard.client.QueueLevel;
import dev.switchboard.client.ServerBeans;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.SwitchboardListener;
import dev.switchboard.client.Tokens;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.ConnectProxy;
import dev.switchboard.client.testing.Socks5TestProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar ({@code java -jar switchboard-client.jar}) in a child JVM against an embedded server. */
class CommandLineToolIT {

    /** One server per JVM: servers in one JVM share their JNDI configuration. Tokens are checked, not required. */
    private static SwitchboardServer server;

    @TempDir
    static Path dir;

    /** What a run of the tool printed and returned. */
    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "ann", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of("user"));
        server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all())
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Tokens.SECRET)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    static Run run(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("switchboard.cli.jar", "target/switchboard-client.jar"));
        assertThat(jar).as("the shaded jar, built in the package phase").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the tool did not exit within 60 s: " + String.join(" ", args));
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static SwitchboardClient client(SwitchboardListener listener) throws Exception {
        SwitchboardClient client = SwitchboardClient.builder()
                .linkOptions(LinkOptions.builder(TestServers.ws(server))
                        .subprotocols(SwitchboardClient.SUBPROTOCOL)
                        .build())
                .listener(listener)
                .build();
        client.connect().get(20, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void subscribePrintsEachMessageOnItsLineAndExitsAfterTheCount() throws Exception {
        try (SwitchboardClient publisher = client(new SwitchboardListener() {})) {
            // Kept by the channel, so the tool receives them whenever it subscribes.
            publisher
                    .publish("cli.kept", "first line", Qos.AT_LEAST_ONCE, QueueLevel.ALL)
                    .get(10, TimeUnit.SECONDS);
            publisher
                    .publish("cli.kept", "second", Qos.AT_LEAST_ONCE, QueueLevel.ALL)
                    .get(10, TimeUnit.SECONDS);
        }
        Run run = run("subscribe", TestServers.ws(server), "cli.kept", "--count", "2", "--timeout", "30");
        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        assertThat(run.out().lines()).containsExactly("first line", "second");
    }

    @Test
    void publishExitsOnceTheServerAcknowledgedEachQos() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (SwitchboardClient subscriber = client(new SwitchboardListener() {
            @Override
            public void event(ClientEvent.Publication publication) {
                received.add(publication.message());
            }
        })) {
            subscriber.subscribe("cli.pub").get(10, TimeUnit.SECONDS);
            for (int qos = 0; qos <= 2; qos++) {
                Run run = run("publish", TestServers.ws(server), "cli.pub", "qos " + qos, "--qos", "" + qos);
                assertThat(run.exit()).as(run.err()).isEqualTo(0);
                assertThat(run.err()).isEmpty();
            }
            Await.until("the three publications", () -> received.size() == 3);
            assertThat(received).containsExactly("qos 0", "qos 1", "qos 2");
        }
    }

    @Test
    void rpcPrintsTheResultAndHeadersAndTokensReachTheServer() throws Exception {
        Run sum = run("rpc", TestServers.ws(server), "add", "{\"a\":2,\"b\":3}");
        assertThat(sum.exit()).as(sum.err()).isEqualTo(0);
        assertThat(sum.out().strip()).isEqualTo("{\"sum\":5}");

        String token = Tokens.token("erin", Instant.now().plusSeconds(600));
        Run anonymous = run("rpc", TestServers.ws(server), "me", "null");
        assertThat(anonymous.out().strip()).isEqualTo("\"anonymous\"");
        Run withToken = run("rpc", TestServers.ws(server), "me", "null", "--token", token);
        assertThat(withToken.exit()).as(withToken.err()).isEqualTo(0);
        assertThat(withToken.out().strip()).isEqualTo("\"erin\"");

        Run withPassword = run("rpc", TestServers.ws(server), "me", "null", "--user", "ann", "--password", "pw");
        assertThat(withPassword.exit()).as(withPassword.err()).isEqualTo(0);
        assertThat(withPassword.out().strip()).isEqualTo("\"ann\"");

        Run withHeader = run("rpc", TestServers.ws(server), "me", "null", "--header", "Authorization: Bearer " + token);
        assertThat(withHeader.exit()).as(withHeader.err()).isEqualTo(0);
        assertThat(withHeader.out().strip()).isEqualTo("\"erin\"");
    }

    @Test
    void callsGoThroughHttpAndSocks5ProxiesWithTheCredentialsOfTheProxyUrl() throws Exception {
        try (ConnectProxy http = ConnectProxy.withCredentials("pat", "p:w");
                Socks5TestProxy socks = Socks5TestProxy.withCredentials("sam", "s3cret")) {
            Run viaHttp = run(
                    "rpc",
                    TestServers.ws(server),
                    "add",
                    "{\"a\":1,\"b\":1}",
                    "--proxy",
                    "http://pat:p%3Aw@127.0.0.1:" + http.port());
            assertThat(viaHttp.exit()).as(viaHttp.err()).isEqualTo(0);
            assertThat(viaHttp.out().strip()).isEqualTo("{\"sum\":2}");
            assertThat(http.tunnels()).contains("127.0.0.1:" + server.port());

            Run viaSocks = run(
                    "rpc",
                    TestServers.ws(server),
                    "add",
                    "{\"a\":2,\"b\":2}",
                    "--proxy",
                    "socks5://sam:s3cret@127.0.0.1:" + socks.port());
            assertThat(viaSocks.exit()).as(viaSocks.err()).isEqualTo(0);
            assertThat(viaSocks.out().strip()).isEqualTo("{\"sum\":4}");
            assertThat(socks.logins()).contains("sam:s3cret:true");
        }
    }

    @Test
    void everyFailureIsOneLineOnStderrWithItsExitCode() throws Exception {
        Run refused = run("rpc", TestServers.ws(server), "refuse", "{}");
        assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(refused.err().lines())
                .singleElement()
                .asString()
                .contains("-32010")
                .contains("not today");

        Run unauthorised = run("rpc", TestServers.ws(server), "me", "null", "--token", "not-a-token");
        assertThat(unauthorised.exit()).as(unauthorised.err()).isEqualTo(ExitCode.CONNECTION.code());
        assertThat(unauthorised.err().lines()).hasSize(1);
        Run wrongPassword = run("rpc", TestServers.ws(server), "me", "null", "--user", "ann", "--password", "no");
        assertThat(wrongPassword.exit()).as(wrongPassword.err()).isEqualTo(ExitCode.CONNECTION.code());
        assertThat(wrongPassword.err().lines()).singleElement().asString().contains("401");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = run("publish", TestServers.ws(closedPort), "x", "y", "--timeout", "20");
        assertThat(unreachable.exit()).as(unreachable.err()).isEqualTo(ExitCode.CONNECTION.code());
        assertThat(unreachable.err().lines()).singleElement().asString().startsWith("switchboard: ");

        Run quiet = run("subscribe", TestServers.ws(server), "cli.silent", "--timeout", "1");
        assertThat(quiet.exit()).isEqualTo(ExitCode.TIMEOUT.code());
        assertThat(quiet.err().lines()).containsExactly("switchboard: timed out");

        Run usage = run("publish", TestServers.ws(server), "x");
        assertThat(usage.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(usage.err().lines()).hasSize(1);

        Run badJson = run("rpc", TestServers.ws(server), "add", "{nope");
        assertThat(badJson.exit()).isEqualTo(ExitCode.USAGE.code());

        Run help = run("--help");
        assertThat(help.exit()).isEqualTo(0);
        assertThat(help.out()).contains("Exit codes");
    }
}
