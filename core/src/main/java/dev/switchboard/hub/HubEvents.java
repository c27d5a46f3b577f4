package dev.switchboard.hub;

import dev.switchboard.api.event.BinaryMessageEvent;
import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.DisconnectEvent;
import dev.switchboard.api.event.ErrorEvent;
import dev.switchboard.api.event.GroupJoinedEvent;
import dev.switchboard.api.event.GroupLeftEvent;
import dev.switchboard.api.event.MessageEvent;
import dev.switchboard.api.event.PongEvent;
import dev.switchboard.api.event.SubscribedEvent;
import dev.switchboard.api.event.UnsubscribedEvent;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fires the connection lifecycle, subscription and group CDI events, only for the event types that have observers, so an application that
 * observes nothing pays nothing per message. An observer's exception is logged and does not reach the transport.
 */
final class HubEvents {

    private static final System.Logger LOG = System.getLogger(HubEvents.class.getName());

    private final BeanManager beanManager;
    private final Map<Class<?>, Boolean> observed;

    /**
     * Finds out once which lifecycle events have observers.
     *
     * @param beanManager the bean manager, or null to fire nothing
     */
    HubEvents(BeanManager beanManager) {
        this.beanManager = beanManager;
        Map<Class<?>, Boolean> found = new IdentityHashMap<>();
        for (Object sample : List.of(
                new ConnectEvent(null),
                new MessageEvent(null, null),
                new BinaryMessageEvent(null, null),
                new ErrorEvent(null, null),
                new PongEvent(null, null, null),
                new DisconnectEvent(null, 0, null),
                new SubscribedEvent(null, null),
                new UnsubscribedEvent(null, null, false),
                new GroupJoinedEvent(null, null),
                new GroupLeftEvent(null, null, false))) {
            found.put(
                    sample.getClass(),
                    beanManager != null
                            && !beanManager.resolveObserverMethods(sample).isEmpty());
        }
        this.observed = found;
    }

    /**
     * Tells whether an event type has observers, so that a caller builds no events nobody receives.
     *
     * @param type an event type this class knows
     * @return false when firing it would reach nobody
     */
    boolean observed(Class<?> type) {
        return observed.getOrDefault(type, Boolean.TRUE);
    }

    void fire(Object event) {
        if (!observed.getOrDefault(event.getClass(), Boolean.TRUE)) {
            return;
        }
        try {
            beanManager.getEvent().fire(event);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "An observer of " + event.getClass().getSimpleName() + " failed",
                    e);
        }
    }
}
