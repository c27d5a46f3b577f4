package dev.switchboard.embedded.presence;

import static dev.switchboard.embedded.presence.PresenceClient.errorCode;
import static dev.switchboard.embedded.presence.PresenceClient.memberId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An application's {@code PresenceHandler} bean refuses a new member (error 2) and a channel join (error 10). */
class PresenceHandlerBeansRefuseMembersAndJoinsTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(NoBotsPresenceHandler.class));

    @Test
    void theHandlersDenialsReachTheClientWithTheirReasons() throws Exception {
        try (PresenceClient client = PresenceClient.connect(node)) {
            client.register("chatbot", "");
            JsonObject refused = client.next("error@member@channel");
            assertThat(errorCode(refused)).isEqualTo(2);
            assertThat(refused.getJsonObject("error").getString("text")).endsWith("No bots here.");

            client.register("Ann", "");
            assertThat(memberId(client.next("member@new"))).isEqualTo(client.id);

            client.join("closed");
            JsonObject closed = client.next("error@member@channel");
            assertThat(errorCode(closed)).isEqualTo(10);
            assertThat(closed.getJsonObject("error").getString("text")).endsWith("The channel is closed.");

            client.join("open");
            assertThat(memberId(client.next("channel@member@new"))).isEqualTo(client.id);
        }
    }
}
