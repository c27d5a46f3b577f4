package dev.switchboard.firewall.internal.stage;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.firewall.internal.BoundedMap;
import dev.switchboard.firewall.internal.FirewallCounters;
import dev.switchboard.firewall.internal.RateBuckets;
import io.github.bucket4j.Bucket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The limits on inbound messages: the payload size in bytes (UTF-8 for text; close 1009), then the flood limit,
 * messages per second per client across all its connections in a fixed one-second window (close 1008). Each acts as
 * configured: deny closes the connection, log counts {@code <rule>-logged} and delivers, allow does nothing.
 */
public final class MessageLimitStage implements FirewallStage {

    /** Rule name: the payload size limit. */
    public static final String RULE_PAYLOAD = "payload";
    /** Rule name: the message flood limit. */
    public static final String RULE_FLOOD = "flood";

    private static final System.Logger LOG = System.getLogger(MessageLimitStage.class.getName());
    private static final MessageRefusal TOO_BIG =
            new MessageRefusal(RULE_PAYLOAD, CloseCodes.MESSAGE_TOO_BIG, "Message too big");
    private static final MessageRefusal FLOOD =
            new MessageRefusal(RULE_FLOOD, CloseCodes.POLICY_VIOLATION, "Message flood");

    private final FirewallSettings settings;
    private final Clock clock;
    private final RateBuckets buckets;
    private final FirewallCounters counters;
    private final BoundedMap<Bucket> floods;

    /**
     * Creates the stage.
     *
     * @param settings   the settings
     * @param clock      the time source of the flood window
     * @param buckets    makes the flood buckets
     * @param counters   where violations in log mode are counted
     * @param idleMillis how long an untouched entry is kept
     */
    public MessageLimitStage(
            FirewallSettings settings, Clock clock, RateBuckets buckets, FirewallCounters counters, long idleMillis) {
        this.settings = settings;
        this.clock = clock;
        this.buckets = buckets;
        this.counters = counters;
        this.floods = new BoundedMap<>(settings.maxTracked(), idleMillis);
    }

    @Override
    public Decision<MessageRefusal> message(InboundMessage message) {
        if (settings.payload() && size(message) > settings.payloadMax()) {
            Decision<MessageRefusal> decision = act(settings.payloadAction(), TOO_BIG, message);
            if (!(decision instanceof Decision.Pass)) {
                return decision;
            }
        }
        if (settings.flood() && message.first()) {
            Bucket bucket = floods.get(
                    message.client().key(),
                    clock.millis(),
                    key -> buckets.bucket(settings.floodMax(), Duration.ofSeconds(1)));
            if (!bucket.tryConsume(1)) {
                return act(settings.floodAction(), FLOOD, message);
            }
        }
        return Decision.pass();
    }

    /**
     * Bytes of the message so far (a fragment's included); a text's UTF-8 length is computed only when its length in
     * chars could exceed the max.
     */
    private long size(InboundMessage message) {
        if (!message.isText()) {
            return message.before() + message.binarySize();
        }
        String text = message.text();
        return message.before()
                + (message.before() + (long) text.length() * 3 > settings.payloadMax()
                        ? text.getBytes(StandardCharsets.UTF_8).length
                        : text.length());
    }

    private Decision<MessageRefusal> act(
            FirewallSettings.Action action, MessageRefusal refusal, InboundMessage message) {
        return switch (action) {
            case ALLOW -> Decision.pass();
            case LOG -> {
                counters.increment(refusal.rule() + "-logged");
                LOG.log(
                        System.Logger.Level.INFO,
                        "Firewall rule " + refusal.rule() + " fired for "
                                + message.client().key() + " on connection "
                                + message.connection().id() + " (action log: delivered)");
                yield Decision.pass();
            }
            case DENY -> Decision.refuse(refusal);
        };
    }

    /**
     * The number of clients whose flood window is tracked.
     *
     * @return the size
     */
    public int tracked() {
        return floods.size();
    }
}
