package dev.switchboard.forward.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client every exchange, relayed WebSocket and health check of the forwarding filter uses, with the
 * executor it runs its tasks on. Closing it aborts what is still in flight and waits, up to a deadline, for the
 * client's selector thread and every task thread to end, so none outlives the application.
 */
public final class UpstreamClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UpstreamClient.class.getName());
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * Builds the client.
     *
     * @param connectTimeout time allowed to open a connection to an upstream
     */
    public UpstreamClient(Duration connectTimeout) {
        // Upload bodies are read from the servlet stream by the client's tasks, blocking: cheap on virtual threads.
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("switchboard-forward-", 0).factory());
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
    }

    /**
     * The client.
     *
     * @return the client
     */
    public HttpClient http() {
        return client;
    }

    /**
     * Runs a task on the client's executor, whose threads end when this closes; once closed, nothing runs.
     *
     * @param task the task
     */
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            // A timer that fired while the application stopped: the task has nothing left to do.
            LOG.log(System.Logger.Level.DEBUG, "Forwarding is stopped; task dropped");
        }
    }

    /**
     * Tells whether {@link #close} has run.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return executor.isShutdown();
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
        try {
            long deadline = System.nanoTime() + STOP_DEADLINE.toNanos();
            boolean stopped = client.awaitTermination(STOP_DEADLINE)
                    && executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!stopped) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Forwarding threads did not stop within {0} s",
                        STOP_DEADLINE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
