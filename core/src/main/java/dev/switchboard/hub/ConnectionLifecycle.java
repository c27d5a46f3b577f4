package dev.switchboard.hub;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Identity;
import dev.switchboard.api.event.BinaryMessageEvent;
import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.DisconnectEvent;
import dev.switchboard.api.event.ErrorEvent;
import dev.switchboard.api.event.GroupLeftEvent;
import dev.switchboard.api.event.MessageEvent;
import dev.switchboard.api.event.PongEvent;
import dev.switchboard.api.event.UnsubscribedEvent;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Authenticator;
import dev.switchboard.spi.InboundMessageCheck;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What transports report about a connection's life, and what follows from it: the registry, the inbound message
 * checks, the identity expiry watch, the lifecycle CDI events, and the cleanup of subscriptions and groups when
 * the connection closes. The {@link Hub} hands the transports' calls here.
 */
final class ConnectionLifecycle {

    private static final System.Logger LOG = System.getLogger(ConnectionLifecycle.class.getName());

    private final ConnectionRegistry registry;
    private final LocalDelivery delivery;
    private final HubEvents events;
    private final List<InboundMessageCheck> inboundChecks;
    /**
     * The checks without their client proxies, taken at the first connection: they judge every message, and the
     * application has started by then (see {@link dev.switchboard.cdi.BeanLookup#unproxied}).
     */
    private volatile List<InboundMessageCheck> directChecks;

    private final IdentityExpiry identityExpiry;
    private final Supplier<Optional<Authenticator>> authenticator;
    private final Executor closer;

    ConnectionLifecycle(
            ConnectionRegistry registry,
            LocalDelivery delivery,
            HubEvents events,
            List<InboundMessageCheck> inboundChecks,
            IdentityExpiry identityExpiry,
            Supplier<Optional<Authenticator>> authenticator,
            Executor closer) {
        this.registry = registry;
        this.delivery = delivery;
        this.events = events;
        this.inboundChecks = List.copyOf(inboundChecks);
        this.identityExpiry = identityExpiry;
        this.authenticator = authenticator;
        this.closer = closer;
    }

    void register(HubConnection connection) {
        connection.closeOn(closer);
        registry.add(connection);
    }

    /** The inbound checks, without their client proxies once the first connection asked. */
    private List<InboundMessageCheck> checks() {
        List<InboundMessageCheck> direct = directChecks;
        if (direct == null) {
            direct = inboundChecks.stream()
                    .map(dev.switchboard.cdi.BeanLookup::unproxied)
                    .toList();
            directChecks = direct;
        }
        return direct;
    }

    void opened(HubConnection connection) {
        for (InboundMessageCheck check : checks()) {
            try {
                check.opened(connection);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Inbound check " + check.getClass().getName() + " failed on connection " + connection.id(),
                        e);
            }
        }
        identityExpiry.watch(connection);
        events.fire(new ConnectEvent(connection));
    }

    Optional<InboundMessageCheck.Verdict.Refuse> inspectText(HubConnection connection, String message) {
        for (InboundMessageCheck check : checks()) {
            if (inspected(check.getClass(), connection, () -> check.checkText(connection, message))
                    instanceof InboundMessageCheck.Verdict.Refuse refuse) {
                return Optional.of(refuse);
            }
        }
        return Optional.empty();
    }

    Optional<InboundMessageCheck.Verdict.Refuse> inspectBinary(HubConnection connection, ByteBuffer message) {
        for (InboundMessageCheck check : checks()) {
            if (inspected(check.getClass(), connection, () -> check.checkBinary(connection, message.asReadOnlyBuffer()))
                    instanceof InboundMessageCheck.Verdict.Refuse refuse) {
                return Optional.of(refuse);
            }
        }
        return Optional.empty();
    }

    Optional<InboundMessageCheck.Verdict.Refuse> inspectPong(HubConnection connection, ByteBuffer payload) {
        for (InboundMessageCheck check : checks()) {
            if (inspected(check.getClass(), connection, () -> check.checkPong(connection, payload.asReadOnlyBuffer()))
                    instanceof InboundMessageCheck.Verdict.Refuse refuse) {
                return Optional.of(refuse);
            }
        }
        return Optional.empty();
    }

    Optional<InboundMessageCheck.Verdict.Refuse> inspectFragment(
            HubConnection connection, InboundMessageCheck.Fragment fragment) {
        for (InboundMessageCheck check : checks()) {
            if (inspected(check.getClass(), connection, () -> check.checkFragment(connection, fragment))
                    instanceof InboundMessageCheck.Verdict.Refuse refuse) {
                return Optional.of(refuse);
            }
        }
        return Optional.empty();
    }

    private static InboundMessageCheck.Verdict inspected(
            Class<?> type, HubConnection connection, Supplier<InboundMessageCheck.Verdict> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // The contract: a broken check accepts, so one faulty bean cannot cut every connection.
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Inbound check " + type.getName() + " failed on connection " + connection.id()
                            + "; message accepted",
                    e);
            return InboundMessageCheck.Verdict.ACCEPT;
        }
    }

    void messageReceived(HubConnection connection, String message) {
        events.fire(new MessageEvent(connection, message));
    }

    void binaryReceived(HubConnection connection, ByteBuffer message) {
        events.fire(new BinaryMessageEvent(connection, message.asReadOnlyBuffer()));
    }

    void pongReceived(HubConnection connection, ByteBuffer payload, Optional<java.time.Duration> roundTrip) {
        events.fire(new PongEvent(connection, payload.asReadOnlyBuffer(), roundTrip));
    }

    void failed(HubConnection connection, Throwable error) {
        events.fire(new ErrorEvent(connection, error));
    }

    void closed(HubConnection connection, int code, String reason) {
        connection.markClosed();
        registry.remove(connection);
        registry.countClose(code);
        LocalDelivery.Forgotten held = delivery.forget(connection);
        identityExpiry.forget(connection);
        for (InboundMessageCheck check : checks()) {
            try {
                check.closed(connection);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Inbound check " + check.getClass().getName() + " failed on connection " + connection.id(),
                        e);
            }
        }
        if (events.observed(UnsubscribedEvent.class)) {
            for (String name : held.subscriptions()) {
                events.fire(new UnsubscribedEvent(connection, ChannelIndex.displayName(name), true));
            }
        }
        if (events.observed(GroupLeftEvent.class)) {
            for (String group : held.groups()) {
                events.fire(new GroupLeftEvent(connection, group, true));
            }
        }
        events.fire(new DisconnectEvent(connection, code, reason == null ? "" : reason));
    }

    Identity reauthenticate(HubConnection connection, String kind, String credential) throws AuthenticationException {
        Authenticator verifier =
                authenticator.get().orElseThrow(() -> new AuthenticationException("authentication is not installed"));
        Identity refreshed = verifier.verify(connection, kind, credential);
        // principal() is the current identity, or the container's principal when the connection has none.
        String currentName =
                connection.principal().map(java.security.Principal::getName).orElse(null);
        if (currentName != null && !currentName.equals(refreshed.name())) {
            // A refresh keeps who the connection is; switching users means a new connection.
            throw new AuthenticationException("the credential names another user");
        }
        connection.replaceIdentity(refreshed);
        identityExpiry.watch(connection);
        LOG.log(
                System.Logger.Level.DEBUG,
                "Credential of connection {0} ({1}) refreshed ({2})",
                connection.id(),
                LogSafe.of(refreshed.name()),
                refreshed.method());
        return refreshed;
    }

    void stop() {
        identityExpiry.stop();
    }
}
