package dev.switchboard.embedded.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Subscribers over real WebSockets follow one channel with its history positions while one publisher sends QoS 1
 * publications (acknowledged once the broker has them) and another QoS 2 ones (stored, released, acknowledged). Again
 * and again a random tenth of the subscriber connections is reset (TCP RST: no close frame) mid-stream; each
 * reconnects and resumes from the last offset it holds ({@code sgc@resume}). At the end every subscriber holds every
 * acknowledged publication: QoS 2 exactly once, QoS 1 at least once, no offset skipped, no gap reported, and no offset
 * received twice (a client would drop one by its offset, as the protocol says, but the server promises a resume
 * doubles nothing); a repeat is reported with where both copies arrived.
 */
class ResetSubscribersResumeAndMissNothingTest {

    private static final String CHANNEL = "chaos.stream";
    private static final int WINDOW = 16;

    @Test
    void everyAcknowledgedPublicationReachesEverySubscriberThroughResets() throws Exception {
        int subscribers = ChaosScale.pick(10, 50);
        int qos1 = ChaosScale.pick(400, 5_000);
        int qos2 = ChaosScale.pick(150, 2_000);
        int rounds = ChaosScale.pick(4, 40);
        try (RunningNode node = RunningNode.start(Map.of(
                ConfigKeys.HISTORY_STORE, "memory",
                ConfigKeys.HISTORY_MAX_MESSAGES, "100000",
                ConfigKeys.HISTORY_MAX_AGE, "3600"))) {
            List<Subscriber> all = new ArrayList<>();
            try {
                for (int i = 0; i < subscribers; i++) {
                    all.add(Subscriber.start(node.port()));
                }
                AtomicInteger resets = new AtomicInteger();
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<Thread> reconnects = new CopyOnWriteArrayList<>();
                Runnable resetRound = () -> {
                    int count = Math.max(1, subscribers / 10);
                    List<Subscriber> shuffled = new ArrayList<>(all);
                    java.util.Collections.shuffle(shuffled, ThreadLocalRandom.current());
                    for (Subscriber subscriber : shuffled.subList(0, count)) {
                        reconnects.add(Thread.ofVirtual().start(() -> {
                            try {
                                if (subscriber.resetAndResume(node.port())) {
                                    resets.incrementAndGet();
                                }
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        }));
                    }
                };

                Thread exactlyOnce = Thread.ofVirtual().start(() -> {
                    try {
                        publishQos2(node.port(), qos2);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                Set<String> acknowledged = publishQos1(node.port(), qos1, qos1 / (rounds + 1), resetRound);
                exactlyOnce.join(Duration.ofSeconds(60));
                for (Thread reconnect : reconnects) {
                    reconnect.join(Duration.ofSeconds(30));
                }
                assertThat(failures).isEmpty();
                assertThat(exactlyOnce.isAlive())
                        .as("the QoS 2 publisher finished")
                        .isFalse();
                assertThat(acknowledged).hasSize(qos1);
                assertThat(resets.get()).as("subscriber connections reset").isGreaterThanOrEqualTo(rounds);

                long total = qos1 + qos2;
                for (Subscriber subscriber : all) {
                    Await.until(
                            "a subscriber to hold every offset up to " + total,
                            Duration.ofSeconds(30),
                            () -> subscriber.lastOffset() >= total);
                }
                int duplicates = 0;
                List<String> duplicateDetails = new ArrayList<>();
                for (Subscriber subscriber : all) {
                    Map<String, Integer> held = subscriber.counts();
                    for (String message : acknowledged) {
                        assertThat(held.getOrDefault(message, 0))
                                .as("QoS 1 publication " + message + " at a subscriber")
                                .isGreaterThanOrEqualTo(1);
                    }
                    for (int i = 0; i < qos2; i++) {
                        assertThat(held.getOrDefault("q2-" + i, 0))
                                .as("QoS 2 publication q2-" + i + " at a subscriber")
                                .isEqualTo(1);
                    }
                    assertThat(subscriber.problems()).isEmpty();
                    // A resume replays and then goes live with nothing doubled (sgc-protocol.md, Resume).
                    assertThat(subscriber.duplicateDetails)
                            .as("offsets a subscriber received twice")
                            .isEmpty();
                    duplicates += subscriber.duplicates();
                    duplicateDetails.addAll(subscriber.duplicateDetails);
                }
                System.out.printf(
                        "%d subscribers, %d QoS 1 and %d QoS 2 publications, %d resets, %d repeated offsets"
                                + " dropped %s%n",
                        subscribers, qos1, qos2, resets.get(), duplicates, duplicateDetails);
            } finally {
                for (Subscriber subscriber : all) {
                    subscriber.close();
                }
            }
        }
    }

    /**
     * Publishes {@code count} QoS 1 messages with {@link #WINDOW} in flight and returns those acknowledged; after every
     * {@code roundEvery} acknowledgments it runs a reset round.
     */
    private static Set<String> publishQos1(int port, int count, int roundEvery, Runnable resetRound) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Semaphore window = new Semaphore(WINDOW);
        try (SgcSocket publisher = SgcSocket.open(port)) {
            publisher.read(text -> {
                if (Sgc.isAck(text)) {
                    Sgc.id(text).ifPresent(id -> {
                        acknowledged.add(id);
                        window.release();
                    });
                } else if (text.contains("\"error\"")) {
                    throw new AssertionError("a QoS 1 publication was refused: " + text);
                }
            });
            for (int i = 0; i < count; i++) {
                if (!window.tryAcquire(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("no acknowledgment within " + Await.DEADLINE);
                }
                if (i > 0 && i % roundEvery == 0) {
                    resetRound.run();
                }
                publisher.send(Sgc.publishQos1(CHANNEL, "q1-" + i, "q1-" + i));
            }
            Await.until("every QoS 1 publication to be acknowledged", () -> acknowledged.size() == count);
        }
        return acknowledged;
    }

    /** Publishes {@code count} QoS 2 messages, one flow at a time: publish, pubrec, pubrel, acknowledgment. */
    private static void publishQos2(int port, int count) throws Exception {
        try (SgcSocket publisher = SgcSocket.open(port)) {
            BlockingQueue<String> answers = publisher.readIntoQueue();
            for (int i = 0; i < count; i++) {
                String id = "q2-" + i;
                publisher.send(Sgc.publishQos2(CHANNEL, id, id));
                assertThat(SgcSocket.next(answers, "\"id\":\"" + id + "\"")).contains("sgc@pubrec");
                publisher.send(Sgc.pubrel(id));
                assertThat(SgcSocket.next(answers, "\"id\":\"" + id + "\"")).contains("sgc@acknowledgment");
            }
        }
    }

    /** One subscriber: its current connection, the last offset it holds, and what it received per message. */
    private static final class Subscriber implements AutoCloseable {
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Integer> counts = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final AtomicBoolean busy = new AtomicBoolean();
        private String epoch;
        private long lastOffset;
        private int duplicates;
        /** Each duplicate's offset and the offset held then, for the run's summary. */
        final List<String> duplicateDetails = new CopyOnWriteArrayList<>();

        private volatile SgcSocket socket;
        private volatile BlockingQueue<String> replies;

        static Subscriber start(int port) throws Exception {
            Subscriber subscriber = new Subscriber();
            subscriber.connect(port, null, 0);
            return subscriber;
        }

        /** Opens a connection and resumes from a position (none: a new subscription); returns after the reply. */
        private void connect(int port, String fromEpoch, long fromOffset) throws Exception {
            BlockingQueue<String> own = new java.util.concurrent.LinkedBlockingQueue<>();
            SgcSocket opened = SgcSocket.open(port);
            replies = own;
            socket = opened;
            int generation = ++connections;
            AtomicBoolean resumed = new AtomicBoolean();
            opened.read(text -> {
                resumed.compareAndSet(false, text.contains("\"method\":\"sgc@resume\""));
                receive(
                        text,
                        own,
                        "on connection " + generation + ", resumed from " + fromOffset
                                + (resumed.get() ? ", after" : ", before") + " the resume reply");
            });
            String id = "resume-" + fromOffset;
            opened.send(Sgc.resume(CHANNEL, fromEpoch, fromOffset, id));
            String reply = SgcSocket.next(own, "\"id\":\"" + id + "\"");
            if (Sgc.isAck(reply)) {
                reply = SgcSocket.next(own, "\"id\":\"" + id + "\"");
            }
            lock.lock();
            try {
                if (epoch == null) {
                    epoch = Sgc.string(reply, "epoch").orElseThrow();
                    lastOffset = Sgc.number(reply, "offset");
                }
            } finally {
                lock.unlock();
            }
        }

        /** Connections opened so far; only the thread that connects counts them. */
        private int connections;
        /** Where the event holding {@link #lastOffset} arrived. */
        private String lastWhere;

        /** Records an event; {@code where} describes the connection, for the details of a duplicate. */
        private void receive(String text, BlockingQueue<String> own, String where) {
            if (!Sgc.isEvent(text)) {
                if (text.contains("sgc@gap")) {
                    record("a gap: " + text);
                }
                own.add(text);
                return;
            }
            long offset = Sgc.number(text, "offset");
            String message = Sgc.string(text, "message").orElseThrow();
            lock.lock();
            try {
                if (offset <= lastOffset) {
                    duplicateDetails.add(
                            offset + " while holding " + lastOffset + " " + where + "; the first " + lastWhere);
                    duplicates++;
                    return;
                }
                if (offset != lastOffset + 1) {
                    problems.add("offsets " + (lastOffset + 1) + " to " + (offset - 1) + " skipped");
                }
                lastOffset = offset;
                lastWhere = where;
                counts.merge(message, 1, Integer::sum);
            } finally {
                lock.unlock();
            }
        }

        private void record(String problem) {
            lock.lock();
            try {
                problems.add(problem);
            } finally {
                lock.unlock();
            }
        }

        /**
         * Resets the connection and resumes on a new one from the last offset held; false when this subscriber was
         * already reconnecting.
         */
        boolean resetAndResume(int port) throws Exception {
            if (!busy.compareAndSet(false, true)) {
                return false;
            }
            try {
                SgcSocket old = socket;
                old.reset();
                old.ended.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                String resumeEpoch;
                long resumeOffset;
                lock.lock();
                try {
                    resumeEpoch = epoch;
                    resumeOffset = lastOffset;
                } finally {
                    lock.unlock();
                }
                connect(port, resumeEpoch, resumeOffset);
                return true;
            } finally {
                busy.set(false);
            }
        }

        long lastOffset() {
            lock.lock();
            try {
                return lastOffset;
            } finally {
                lock.unlock();
            }
        }

        Map<String, Integer> counts() {
            lock.lock();
            try {
                return new HashMap<>(counts);
            } finally {
                lock.unlock();
            }
        }

        List<String> problems() {
            lock.lock();
            try {
                return new ArrayList<>(problems);
            } finally {
                lock.unlock();
            }
        }

        int duplicates() {
            lock.lock();
            try {
                return duplicates;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            SgcSocket current = socket;
            if (current != null) {
                current.close();
            }
        }
    }
}
