package dev.switchboard.auth;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.auth.internal.RoleRules;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;
import dev.switchboard.spi.PublishHandler;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Channel permissions by role, from {@code switchboard.auth.subscribe} and {@code switchboard.auth.publish}.
 * Runs before the application's own handlers ({@code @Priority} 0), so a denied request never reaches them. A
 * denial is {@link RpcException#FORBIDDEN} on the sgc protocol and HTTP 403 on an SSE stream, and is logged.
 *
 * <p>A channel list is judged item by item; a mask (with {@code *}, {@code ?} or {@code [}) reaches every
 * channel it matches, so it needs the roles of every rule that could match one of them.
 */
@ApplicationScoped
@Priority(0)
public class ChannelPermissions implements SubscribeHandler, PublishHandler {

    private static final System.Logger LOG = System.getLogger(ChannelPermissions.class.getName());

    private RoleRules subscribe;
    private RoleRules publish;

    /** For CDI. */
    protected ChannelPermissions() {}

    /**
     * Creates the permissions of some settings.
     *
     * @param settings the settings; their subscribe and publish rules apply
     */
    @Inject
    public ChannelPermissions(AuthSettings settings) {
        subscribe = settings.subscribe();
        publish = settings.publish();
    }

    @Override
    public SubscribeDecision onSubscribe(SubscribeEvent event) {
        Optional<String> refused = judge(subscribe, event.connection(), event.channel(), "subscribe to");
        return refused.map(reason -> SubscribeDecision.deny(RpcException.FORBIDDEN, reason))
                .orElse(SubscribeDecision.allow());
    }

    @Override
    public PublishDecision onPublish(PublishEvent event) {
        Optional<String> refused = judge(publish, event.connection(), event.channel(), "publish to");
        return refused.map(reason -> PublishDecision.deny(RpcException.FORBIDDEN, reason))
                .orElse(PublishDecision.allow());
    }

    private static Optional<String> judge(RoleRules rules, Connection connection, String spec, String action) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        // Split and made canonical exactly as the hub does, so the names judged are the names subscribed.
        for (String channel : ChannelNames.split(spec)) {
            boolean mask = Glob.hasWildcards(channel);
            Optional<RoleRules.Rule> rule = rules.refusal(connection, channel, mask);
            if (rule.isPresent()) {
                LOG.log(System.Logger.Level.INFO, RoleRules.refusalLog(connection, action + " " + channel, rule.get()));
                return Optional.of("Forbidden: " + RoleRules.refusalReason(connection, action + " " + channel));
            }
        }
        return Optional.empty();
    }
}
