package dev.switchboard.ejb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.HubConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bean's operations act on core's registry: counts come from it, and disconnects send close frames. */
class NodeAdministrationClosesRegisteredConnectionsTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final NodeAdministration admin = new NodeAdministration(registry);

    @Test
    void countsTheConnectionsOfTheRegistry() {
        assertThat(admin.openConnections()).isZero();
        registry.add(new RecordingConnection().proxy);
        registry.add(new RecordingConnection().proxy);
        assertThat(admin.openConnections()).isEqualTo(2);
    }

    @Test
    void disconnectClosesOnlyTheNamedConnectionWithTheGivenCode() {
        RecordingConnection target = open();
        RecordingConnection other = open();

        assertThat(admin.disconnect(target.id(), 4000, "maintenance")).isTrue();

        assertThat(target.closes).containsExactly("4000 maintenance");
        assertThat(target.isOpen()).isFalse();
        assertThat(other.closes).isEmpty();
        assertThat(other.isOpen()).isTrue();
    }

    @Test
    void disconnectOfAnUnknownOrClosedConnectionReportsFalse() {
        RecordingConnection closed = open();
        closed.close(1000, "bye");

        assertThat(admin.disconnect("no-such-id", 1000, "")).isFalse();
        assertThat(admin.disconnect(closed.id(), 4000, "again")).isFalse();
        assertThat(closed.closes).containsExactly("1000 bye");
    }

    @Test
    void disconnectAllClosesEveryOpenConnectionOnceAndCountsThem() {
        RecordingConnection first = open();
        RecordingConnection second = open();
        RecordingConnection alreadyClosed = open();
        alreadyClosed.close(1000, "done");

        assertThat(admin.disconnectAll(1001, "node going away")).isEqualTo(2);

        assertThat(first.closes).containsExactly("1001 node going away");
        assertThat(second.closes).containsExactly("1001 node going away");
        assertThat(alreadyClosed.closes).containsExactly("1000 done");
    }

    @Test
    void codesThatMayNotBeSentAreRefusedBeforeAnythingCloses() {
        RecordingConnection connection = open();
        for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> admin.disconnectAll(code, "x"))
                    .withMessageContaining(Integer.toString(code));
            assertThatIllegalArgumentException().isThrownBy(() -> admin.disconnect(connection.id(), code, "x"));
        }
        assertThat(connection.closes).isEmpty();
        assertThat(admin.disconnect(connection.id(), 3001, "application code")).isTrue();
    }

    private RecordingConnection open() {
        RecordingConnection connection = new RecordingConnection();
        registry.add(connection.proxy);
        return connection;
    }

    /**
     * A connection that records the close frames it would send. A proxy of the hub's connection interface, so the test keeps
     * compiling as Connection grows; only what the bean uses is implemented.
     */
    private static final class RecordingConnection implements InvocationHandler {
        final List<String> closes = new ArrayList<>();
        private final String id = UUID.randomUUID().toString();
        private final HubConnection proxy = (HubConnection) Proxy.newProxyInstance(
                HubConnection.class.getClassLoader(), new Class<?>[] {HubConnection.class}, this);
        private boolean open = true;

        String id() {
            return id;
        }

        boolean isOpen() {
            return open;
        }

        void close(int code, String reason) {
            proxy.close(code, reason);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) {
            return switch (method.getName()) {
                case "id" -> id;
                case "isOpen" -> open;
                case "close" -> {
                    if (open) {
                        open = false;
                        closes.add(args[0] + " " + args[1]);
                    }
                    yield null;
                }
                case "toString" -> "connection " + id;
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
    }
}
