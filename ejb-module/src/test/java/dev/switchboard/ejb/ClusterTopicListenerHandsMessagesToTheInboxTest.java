package dev.switchboard.ejb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.switchboard.cluster.ClusterInbox;
import jakarta.jms.Message;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message-driven bean is a shell over core's inbox: every message goes there, and neither a node without
 * clustering nor a message the node fails on makes the container redeliver it.
 */
class ClusterTopicListenerHandsMessagesToTheInboxTest {

    @Test
    void everyMessageReachesTheInboxInTheOrderItArrived() {
        RecordingInbox inbox = new RecordingInbox();
        ClusterTopicListener listener = new ClusterTopicListener(inbox);
        Message first = message("ID:1");
        Message second = message("ID:2");

        listener.onMessage(first);
        listener.onMessage(second);

        assertThat(inbox.received).containsExactly(first, second);
    }

    @Test
    void aNodeWithoutClusteringTakesTheMessageQuietly() {
        // Core's own inbox with no broker registered: clustering is off on this node.
        ClusterTopicListener listener = new ClusterTopicListener(new ClusterInbox());

        assertThatNoException().isThrownBy(() -> listener.onMessage(message("ID:off")));
    }

    @Test
    void aMessageTheNodeFailsOnIsDroppedNotThrownBackForRedelivery() {
        RecordingInbox inbox = new RecordingInbox();
        inbox.failWith = new IllegalStateException("cannot act on it");
        ClusterTopicListener listener = new ClusterTopicListener(inbox);
        Message poison = message("ID:poison");
        Message next = message("ID:next");

        assertThatNoException().isThrownBy(() -> listener.onMessage(poison));
        inbox.failWith = null;
        listener.onMessage(next);

        assertThat(inbox.received).containsExactly(poison, next);
    }

    /** Core's inbox, recording what reaches it instead of handing it to a broker. */
    private static final class RecordingInbox extends ClusterInbox {
        final List<Message> received = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public boolean receive(Message message) {
            received.add(message);
            if (failWith != null) {
                throw failWith;
            }
            return true;
        }
    }

    private static Message message(String id) {
        return (Message) Proxy.newProxyInstance(
                Message.class.getClassLoader(), new Class<?>[] {Message.class}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "getJMSMessageID" -> id;
                        case "toString" -> "Message " + id;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
