package dev.switchboard.embedded.mqtt;

import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.spi.PublishHandler;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** Test policy: channels under {@code secret/} are for the principal {@code alice} only. */
@ApplicationScoped
public class SecretTopicsNeedAlice implements SubscribeHandler, PublishHandler {

    private static boolean allowed(dev.switchboard.api.Connection connection, String channel) {
        return !channel.startsWith("secret/")
                || connection.principal().map(p -> p.getName().equals("alice")).orElse(false);
    }

    @Override
    public SubscribeDecision onSubscribe(SubscribeEvent event) {
        return allowed(event.connection(), event.channel())
                ? SubscribeDecision.allow()
                : SubscribeDecision.deny(403, "secret");
    }

    @Override
    public PublishDecision onPublish(PublishEvent event) {
        return allowed(event.connection(), event.channel())
                ? PublishDecision.allow()
                : PublishDecision.deny(403, "secret");
    }
}
