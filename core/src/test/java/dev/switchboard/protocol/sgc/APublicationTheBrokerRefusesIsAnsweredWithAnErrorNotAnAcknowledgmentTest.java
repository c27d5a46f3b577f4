package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static dev.switchboard.protocol.sgc.SgcHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.broker.BrokerSettings;
import dev.switchboard.broker.MemoryBroker;
import dev.switchboard.spi.PublicationRefusedException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A QoS publication is acknowledged only once the broker has taken it: when the broker refuses it, the client gets
 * an error for its id and no acknowledgment, so it still holds the message and may send it again; nothing it was
 * promised is lost. What the broker takes is acknowledged before the publisher's own copy arrives.
 */
class APublicationTheBrokerRefusesIsAnsweredWithAnErrorNotAnAcknowledgmentTest {

    /** A broker that refuses every publication to one channel, as a congested channel lane does. */
    @ApplicationScoped
    @Alternative
    @Priority(1)
    static class RefusingBroker extends MemoryBroker {
        RefusingBroker() {
            super(null, null, BrokerSettings.DEFAULTS);
        }

        @Override
        public CompletionStage<Accepted> publish(Publish publish, Runnable onAccepted) {
            if (publish.channel().equals("congested")) {
                return CompletableFuture.failedFuture(
                        new PublicationRefusedException(publish.channel(), "the channel is congested, try again"));
            }
            return super.publish(publish, onAccepted);
        }
    }

    private final SgcHarness sgc = SgcHarness.start(SgcSettings.builder().build(), RefusingBroker.class);

    @AfterEach
    void stop() {
        sgc.close();
    }

    private static String publish(String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":\"hello\",\"channel\":\""
                + channel + "\",\"qos\":\"qosLevel1\",\"queue\":\"queueLevel0\"},\"qos\":\"qosLevel1\",\"id\":\""
                + id + "\"}";
    }

    private static String subscribe(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
    }

    @Test
    void aRefusedPublicationGetsAnErrorForItsIdAndReachesNobody() {
        TestConnection publisher = sgc.connectQuietly();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("congested"));

        assertThat(sgc.send(publisher, publish("congested", "p-1")))
                .singleElement()
                .satisfies(reply -> assertThat(reply)
                        .contains("\"error\"", "Publication refused", "the channel is congested", "\"id\":\"p-1\"")
                        .doesNotContain("sgc@acknowledgment"));
        assertThat(subscriber.take()).isEmpty();
    }

    @Test
    void anAcceptedPublicationIsAcknowledgedBeforeThePublishersOwnCopy() {
        TestConnection publisher = sgc.connectQuietly();
        sgc.send(publisher, subscribe("open"));

        assertThat(sgc.send(publisher, publish("open", "p-2"))).containsExactly(ack("p-2"), event("open", "hello"));
    }
}
