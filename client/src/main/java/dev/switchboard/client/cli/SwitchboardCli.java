package dev.switchboard.client.cli;

import dev.switchboard.client.ClientEvent;
import dev.switchboard.client.ConnectionLostException;
import dev.switchboard.client.JsonRpcException;
import dev.switchboard.client.Qos;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.SwitchboardException;
import dev.switchboard.client.SwitchboardListener;
import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkProxy;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command-line tool: {@code subscribe}, {@code publish} and {@code rpc} against a Switchboard server (see
 * {@link CommandLine#USAGE}). Results go to stdout; every failure is one line on stderr and an {@link ExitCode}.
 */
public final class SwitchboardCli {

    private final PrintStream out;
    private final PrintStream err;

    private SwitchboardCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The tool reports every failure itself, in one line; the client's own log lines would only repeat it (the jar
     * drops Jetty's, through slf4j-nop). {@code -Dswitchboard.cli.log=FINE} (or any java.util.logging level) shows
     * the client's.
     */
    private static void quietLogging() {
        java.util.logging.Level level;
        try {
            level = java.util.logging.Level.parse(System.getProperty("switchboard.cli.log", "OFF"));
        } catch (IllegalArgumentException e) {
            level = java.util.logging.Level.OFF;
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(level);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }

    /**
     * Runs the tool.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new SwitchboardCli(out, err).execute(args).code();
    }

    private ExitCode execute(String[] args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("switchboard: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (line.command().equals("help")) {
            out.print(CommandLine.USAGE);
            out.flush();
            return ExitCode.OK;
        }
        JsonValue params = null;
        if (line.command().equals("rpc")) {
            try {
                params = jakarta.json.Json.createReader(new StringReader(line.payload()))
                        .readValue();
            } catch (JsonException e) {
                err.println("switchboard: the params are not JSON: " + oneLine(e.getMessage()));
                return ExitCode.USAGE;
            }
        }
        long deadline = line.timeout() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + line.timeout().toNanos();
        CompletableFuture<ExitCode> outcome = new CompletableFuture<>();
        AtomicLong printed = new AtomicLong();
        SwitchboardListener listener = new SwitchboardListener() {
            @Override
            public void event(ClientEvent.Publication publication) {
                if (!line.command().equals("subscribe") || outcome.isDone()) {
                    return;
                }
                out.println(publication.message());
                out.flush();
                if (line.count() > 0 && printed.incrementAndGet() >= line.count()) {
                    outcome.complete(ExitCode.OK);
                }
            }

            @Override
            public void gap(ClientEvent.Gap gap) {
                err.println("switchboard: messages of " + gap.channel() + " were lost (" + gap.reason() + ")");
            }

            @Override
            public void close(ClientEvent.Closed closed) {
                if (!closed.reconnecting()) {
                    // Reported once, by the step that waits on it.
                    outcome.completeExceptionally(new ConnectionLostException(
                            "connection closed for good: " + closed.code() + " " + closed.reason(),
                            closed.code(),
                            true));
                }
            }
        };
        try (SwitchboardClient client = SwitchboardClient.builder()
                .linkOptions(options(line))
                .listener(listener)
                .build()) {
            await(client.connect(), deadline);
            switch (line.command()) {
                case "subscribe" -> {
                    await(client.subscribe(line.target()), deadline);
                    return awaitOutcome(outcome, deadline);
                }
                case "publish" -> {
                    await(client.publish(line.target(), line.payload(), Qos.of(line.qos())), deadline);
                    return ExitCode.OK;
                }
                default -> {
                    JsonValue result = await(client.rpc(line.target(), params), deadline);
                    out.println(result);
                    out.flush();
                    return ExitCode.OK;
                }
            }
        } catch (Failed failed) {
            return failed.code;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("switchboard: " + oneLine(e.getMessage()));
            return ExitCode.USAGE;
        } catch (RuntimeException e) {
            err.println("switchboard: unexpected failure: " + oneLine(String.valueOf(e)));
            return ExitCode.FAILURE;
        }
    }

    private ExitCode awaitOutcome(CompletableFuture<ExitCode> outcome, long deadline) throws Failed {
        return await(outcome, deadline);
    }

    /** Waits for a step within the command's deadline; any failure becomes its exit code and a line on stderr. */
    private <T> T await(CompletableFuture<T> step, long deadline) throws Failed {
        try {
            if (deadline == Long.MAX_VALUE) {
                return step.get();
            }
            long left = deadline - System.nanoTime();
            return step.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Failed(fail(ExitCode.TIMEOUT, "timed out"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(fail(ExitCode.FAILURE, "interrupted"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JsonRpcException refused) {
                throw new Failed(fail(
                        ExitCode.REFUSED,
                        "refused by the server: " + refused.errorMessage() + " (" + refused.code()
                                + (refused.data() == null ? "" : ": " + refused.data()) + ")"));
            }
            if (cause instanceof ConnectionLostException lost) {
                throw new Failed(fail(ExitCode.CONNECTION, oneLine(lost.getMessage())));
            }
            if (cause instanceof SwitchboardException failure
                    && failure.getMessage().contains("timed out")) {
                throw new Failed(fail(ExitCode.TIMEOUT, oneLine(failure.getMessage())));
            }
            throw new Failed(fail(ExitCode.FAILURE, oneLine(String.valueOf(cause.getMessage()))));
        }
    }

    private ExitCode fail(ExitCode code, String message) {
        err.println("switchboard: " + message);
        err.flush();
        return code;
    }

    /** The link's options from the command line: the server, the sgc subprotocol, auth, headers and proxy. */
    static LinkOptions options(CommandLine line) {
        LinkOptions.Builder options = LinkOptions.builder()
                .url(line.url())
                .subprotocols("esegece.com")
                .connectTimeout(Duration.ofSeconds(10))
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .maxAttempts(5)
                .name("switchboard-cli");
        for (CommandLine.Header header : line.headers()) {
            options.header(header.name(), header.value());
        }
        if (line.user() != null) {
            options.auth(LinkAuth.basic(line.user(), line.password()));
        } else if (line.token() != null) {
            String token = line.token();
            options.auth(LinkAuth.bearer(() -> token));
        }
        if (line.proxy() != null) {
            options.proxy(proxy(line.proxy()));
        }
        return options.build();
    }

    private static LinkProxy proxy(URI url) {
        String user = null;
        String password = null;
        if (url.getRawUserInfo() != null) {
            String info = url.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        boolean socks = url.getScheme().equalsIgnoreCase("socks5");
        if (user == null) {
            return socks
                    ? LinkProxy.socks5(url.getHost(), url.getPort())
                    : LinkProxy.http(url.getHost(), url.getPort());
        }
        return socks
                ? LinkProxy.socks5(url.getHost(), url.getPort(), user, password)
                : LinkProxy.http(url.getHost(), url.getPort(), user, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }

    /** A step failed; the line on stderr is written. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ExitCode code;

        Failed(ExitCode code) {
            super(null, null, false, false);
            this.code = code;
        }
    }
}
