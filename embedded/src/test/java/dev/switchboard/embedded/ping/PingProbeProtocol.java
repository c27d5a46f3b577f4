package dev.switchboard.embedded.ping;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A test subprotocol that pings on command and reports the outcome as text: on open it sends {@code id <id>};
 * {@code ping} pings the sender, {@code ping <id>} another connection, {@code ping2} the sender twice at once. A
 * measurement is answered {@code rtt <nanos>...}, a failure {@code failed <exception class>: <message>}.
 */
@ApplicationScoped
@Subprotocol(PingProbeProtocol.NAME)
public class PingProbeProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "ping.test.switchboard.dev";

    @Inject
    Gateway gateway;

    @Override
    public void onOpen(Connection connection) {
        connection.sendText("id " + connection.id());
    }

    @Override
    public void onText(Connection connection, String message) {
        String[] words = message.split(" ", 2);
        switch (words[0]) {
            case "ping" -> report(connection, gateway.ping(words.length > 1 ? words[1] : connection.id()));
            case "ping2" -> {
                CompletionStage<Duration> first = gateway.ping(connection.id());
                CompletionStage<Duration> second = gateway.ping(connection.id());
                report(connection, first.thenCombine(second, (a, b) -> a.equals(b) ? a : Duration.ZERO));
            }
            default -> connection.sendText("unknown " + words[0]);
        }
    }

    private static void report(Connection connection, CompletionStage<Duration> result) {
        result.whenComplete((rtt, failure) -> {
            if (failure == null) {
                connection.sendText("rtt " + rtt.toNanos());
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                connection.sendText("failed " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        });
    }
}
