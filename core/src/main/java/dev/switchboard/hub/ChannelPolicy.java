package dev.switchboard.hub;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.spi.PublishHandler;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * Runs the application's {@link SubscribeHandler} and {@link PublishHandler} beans, in
 * {@link Priority @Priority} order, for client subscriptions and publications. Protocols call it; server-side
 * {@link dev.switchboard.api.Gateway} calls do not.
 *
 * <p>Before the handlers, rules of its own: a channel {@code /user/X/...} may be subscribed only by a connection
 * whose principal is named {@code X}, in every protocol; and no client subscribes or publishes to an internal
 * channel ({@link ChannelNames#INTERNAL_PREFIX}), which only the server's protocols use.
 */
@ApplicationScoped
public class ChannelPolicy {

    private static final System.Logger LOG = System.getLogger(ChannelPolicy.class.getName());

    @Inject
    @Any
    Instance<SubscribeHandler> subscribeHandlers;

    @Inject
    @Any
    Instance<PublishHandler> publishHandlers;

    private List<SubscribeHandler> subscribe = List.of();
    private List<PublishHandler> publish = List.of();

    @PostConstruct
    void collect() {
        subscribe = BeanLookup.ordered(subscribeHandlers);
        publish = BeanLookup.ordered(publishHandlers);
    }

    /**
     * Decides a client subscription.
     *
     * @param connection the subscribing connection
     * @param channel    one channel name or mask
     * @return the first denial, or allow
     */
    public SubscribeDecision decideSubscribe(Connection connection, String channel) {
        if (isInternal(channel)) {
            return SubscribeDecision.deny(RpcException.FORBIDDEN, "an internal channel is the server's alone");
        }
        Optional<String> owner = ChannelNames.userOf(ChannelNames.canonical(channel));
        if (owner.isPresent()
                && !owner.get()
                        .equals(connection.principal().map(Principal::getName).orElse(null))) {
            // A user channel is its user's alone, whatever the application's handlers would say.
            return SubscribeDecision.deny(RpcException.FORBIDDEN, "a /user/ channel is only its own user's");
        }
        SubscribeEvent event = new SubscribeEvent(connection, channel);
        for (SubscribeHandler handler : subscribe) {
            try {
                SubscribeDecision decision = handler.onSubscribe(event);
                if (decision != null && !decision.allowed()) {
                    return decision;
                }
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Subscribe handler " + handler.getClass().getName() + " failed on connection "
                                + connection.id(),
                        e);
                return SubscribeDecision.deny(RpcException.INTERNAL_ERROR, "Internal error");
            }
        }
        return SubscribeDecision.allow();
    }

    /**
     * Decides a client publication; rewrites accumulate in handler order.
     *
     * @param connection the publishing connection
     * @param channel    the channel spec
     * @param message    the message
     * @return the first denial, or allow (with the final rewritten message when any handler rewrote it)
     */
    public PublishDecision decidePublish(Connection connection, String channel, String message) {
        if (isInternal(channel)) {
            return PublishDecision.deny(RpcException.FORBIDDEN, "an internal channel is the server's alone");
        }
        String current = message;
        boolean rewritten = false;
        for (PublishHandler handler : publish) {
            try {
                PublishDecision decision = handler.onPublish(new PublishEvent(connection, channel, current));
                if (decision == null) {
                    continue;
                }
                if (!decision.allowed()) {
                    return decision;
                }
                if (decision.rewritten().isPresent()) {
                    current = decision.rewritten().get();
                    rewritten = true;
                }
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Publish handler " + handler.getClass().getName() + " failed on connection " + connection.id(),
                        e);
                return PublishDecision.deny(RpcException.INTERNAL_ERROR, "Internal error");
            }
        }
        return rewritten ? PublishDecision.rewrite(current) : PublishDecision.allow();
    }

    /** Folded, so that no letter case of the prefix slips through: masks and rules match case-insensitively. */
    private static boolean isInternal(String channel) {
        return ChannelNames.fold(ChannelNames.canonical(channel)).startsWith(ChannelNames.INTERNAL_PREFIX);
    }
}
