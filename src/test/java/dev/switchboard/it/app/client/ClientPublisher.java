package dev.switchboard.it.app.client;

import dev.switchboard.client.Qos;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.link.LinkOptions;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one message into a Switchboard through the Java client, the way a business component of an application
 * would: the client's work runs on the container's managed executor, and the client is closed before the method
 * returns, so nothing of it outlives the call.
 */
@Stateless
public class ClientPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The container's managed executor, typed as the JDK interface so no concurrency API is compiled against. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;

    /**
     * Connects to {@code url}, publishes {@code text} on {@code channel} with {@code qos}, and returns once the
     * server acknowledged it as that QoS asks.
     *
     * @return the session id the server gave the client's connection
     * @throws Exception when the server cannot be reached or does not acknowledge in time
     */
    public String publish(String url, String channel, String text, Qos qos) throws Exception {
        LinkOptions options = LinkOptions.builder(url)
                .subprotocols("esegece.com")
                .executor(executor)
                .reconnect(false)
                .connectTimeout(TIMEOUT)
                .build();
        try (SwitchboardClient client =
                SwitchboardClient.builder().linkOptions(options).build()) {
            client.connect().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            client.publish(channel, text, qos).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return client.session();
        }
    }
}
