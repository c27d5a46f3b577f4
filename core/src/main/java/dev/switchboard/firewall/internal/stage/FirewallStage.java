package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.Ban;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.spi.FirewallRequest;

/**
 * One step of the firewall pipeline. The {@link Pipeline} asks each stage in {@link Stage} order about every request,
 * every inbound message and every failed authentication, until one allows or refuses; a stage judges only what its
 * job concerns and passes the rest. Stages are called on request and connection threads at once and keep their
 * per-client state thread-safe and bounded.
 */
public interface FirewallStage {

    /**
     * Judges an HTTP request, a WebSocket upgrade or an SSE stream.
     *
     * @param request the request
     * @param client  its client
     * @return pass, allow, or a refusal answered with its HTTP status
     */
    default Decision<Refusal> request(FirewallRequest request, Client client) {
        return Decision.pass();
    }

    /**
     * Judges an inbound WebSocket or SSE message.
     *
     * @param message the message
     * @return pass, allow (deliver), or a refusal that closes the connection
     */
    default Decision<MessageRefusal> message(InboundMessage message) {
        return Decision.pass();
    }

    /**
     * Reacts to a failed authentication of a client.
     *
     * @param client the client
     * @return pass, allow (the failure is ignored), or the ban it caused
     */
    default Decision<Ban> failedAuthentication(Client client) {
        return Decision.pass();
    }

    /**
     * Whether the stage's refusals add threat points. Bans do not (the client is banned already), and detections
     * score themselves, with their own points, whether they refuse or only log.
     *
     * @return true by default
     */
    default boolean refusalsAddThreatPoints() {
        return true;
    }
}
