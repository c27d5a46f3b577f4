package dev.switchboard.protocol.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's retained messages, one per topic, bounded in count and payload bytes. A retained message that would
 * pass either bound is not stored (the publication itself still goes out) and the refusal is counted; an empty
 * retained payload clears the topic. Thread-safe.
 */
final class RetainedMessages {

    private final int maxCount;
    private final long maxBytes;
    private final ConcurrentHashMap<String, MqttMessage> byTopic = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private long bytes;
    private long refused;

    RetainedMessages(int maxCount, long maxBytes) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /**
     * Stores or clears a topic's retained message.
     *
     * @param message a message published with the retain flag
     * @return false when it was not stored because a bound would be passed
     */
    boolean put(MqttMessage message) {
        lock.lock();
        try {
            MqttMessage old = byTopic.get(message.topic());
            long without = bytes - (old == null ? 0 : old.payload().length);
            if (message.payload().length == 0) {
                if (old != null) {
                    byTopic.remove(message.topic());
                    bytes = without;
                }
                return true;
            }
            int count = byTopic.size() - (old == null ? 0 : 1);
            if (count + 1 > maxCount || without + message.payload().length > maxBytes) {
                refused++;
                return false;
            }
            byTopic.put(message.topic(), message);
            bytes = without + message.payload().length;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The unexpired retained messages whose topics a filter matches; expired ones are dropped on the way.
     */
    List<MqttMessage> matching(String filter, long nowMillis) {
        List<MqttMessage> found = new ArrayList<>();
        for (MqttMessage message : byTopic.values()) {
            if (message.expiredAt(nowMillis)) {
                remove(message);
            } else if (TopicFilter.matches(filter, message.topic())) {
                found.add(message);
            }
        }
        return found;
    }

    private void remove(MqttMessage message) {
        lock.lock();
        try {
            if (byTopic.remove(message.topic(), message)) {
                bytes -= message.payload().length;
            }
        } finally {
            lock.unlock();
        }
    }

    int count() {
        return byTopic.size();
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }
}
