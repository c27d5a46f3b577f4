package dev.switchboard.client.e2ee;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sender keys a member received from the others of its groups, and the opening of their messages.
 *
 * <p>A chain only moves forward: a message older than the chain's position is refused as replayed, unless it is one
 * that was skipped over (a later message arrived first) and has not been opened yet; each skipped message key is
 * kept once, up to {@value #MAX_SKIP} per chain, and is deleted when used. After a sender rotates, its previous key
 * is still accepted for {@code transition} so that messages in flight are read; then it is forgotten.
 *
 * <p>Thread-safe.
 */
public final class GroupReceiver {

    /** The most message keys a chain moves over at once, and the most skipped keys it keeps. */
    public static final int MAX_SKIP = 1000;

    private static final class Chain {
        byte[] chain;
        long next;
        final LinkedHashMap<Long, byte[]> skipped = new LinkedHashMap<>();
        long retiredAt = Long.MAX_VALUE;

        Chain(byte[] chain, long next) {
            this.chain = chain;
            this.next = next;
        }
    }

    private final java.time.Duration transition;
    private final java.time.Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    // group \0 from -> keyId -> chain, newest last
    private final Map<String, LinkedHashMap<String, Chain>> chains = new HashMap<>();

    /**
     * Creates an empty receiver.
     *
     * @param transition how long a sender's previous key is accepted after a newer one arrived
     * @param clock      the clock of that transition
     */
    public GroupReceiver(java.time.Duration transition, java.time.Clock clock) {
        this.transition = transition;
        this.clock = clock;
    }

    /**
     * Takes a sender key another member distributed. A key already held is not moved back.
     *
     * @param key the key, from a direct message that opened as from {@code key.from()}
     * @throws E2eeException when the chain is not 32 bytes
     */
    public void accept(SenderKeyDistribution key) throws E2eeException {
        byte[] chain = Primitives.unb64(key.chain(), "chain");
        if (chain.length != 32 || key.counter() < 0) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "a sender key's chain is 32 bytes");
        }
        lock.lock();
        try {
            LinkedHashMap<String, Chain> ofSender =
                    chains.computeIfAbsent(key.group() + "\u0000" + key.from(), k -> new LinkedHashMap<>());
            if (ofSender.containsKey(key.keyId())) {
                return;
            }
            long now = clock.millis();
            for (Chain previous : ofSender.values()) {
                previous.retiredAt = Math.min(previous.retiredAt, now);
            }
            ofSender.put(key.keyId(), new Chain(chain, key.counter()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets every key of a member of a group, when it left.
     *
     * @param group the group
     * @param from  the member
     */
    public void forget(String group, String from) {
        lock.lock();
        try {
            chains.remove(group + "\u0000" + from);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a group message.
     *
     * @param message the message, whose {@code from} the relay vouched for
     * @return the plaintext
     * @throws E2eeException when its key is unknown or expired, it is replayed, too far ahead, or altered
     */
    public byte[] open(SealedGroup message) throws E2eeException {
        byte[] nonce = Primitives.unb64(message.nonce(), "nonce");
        byte[] sealed = Primitives.unb64(message.ciphertext(), "ciphertext");
        lock.lock();
        try {
            LinkedHashMap<String, Chain> ofSender = chains.get(message.group() + "\u0000" + message.from());
            Chain chain = ofSender == null ? null : ofSender.get(message.keyId());
            if (chain == null) {
                throw new E2eeException(E2eeException.Reason.UNKNOWN_KEY, "no sender key " + message.keyId());
            }
            if (clock.millis() - chain.retiredAt > transition.toMillis()) {
                ofSender.remove(message.keyId());
                throw new E2eeException(E2eeException.Reason.UNKNOWN_KEY, "the sender key was replaced");
            }
            long counter = message.counter();
            if (counter < chain.next) {
                byte[] key = chain.skipped.get(counter);
                if (key == null) {
                    throw new E2eeException(E2eeException.Reason.REPLAYED, "counter " + counter + " was used");
                }
                byte[] plaintext = Primitives.open(key, nonce, message.aad(), sealed);
                chain.skipped.remove(counter);
                return plaintext;
            }
            if (counter - chain.next > MAX_SKIP) {
                throw new E2eeException(E2eeException.Reason.MALFORMED, "counter too far ahead of the chain");
            }
            // Walk a copy, so that a message that fails to authenticate leaves the chain where it was.
            byte[] walk = chain.chain;
            ArrayDeque<byte[]> passed = new ArrayDeque<>();
            for (long i = chain.next; i < counter; i++) {
                passed.add(SenderKey.Ratchet.messageKey(walk));
                walk = SenderKey.Ratchet.next(walk);
            }
            byte[] plaintext = Primitives.open(SenderKey.Ratchet.messageKey(walk), nonce, message.aad(), sealed);
            long position = chain.next;
            for (byte[] key : passed) {
                chain.skipped.put(position++, key);
            }
            Iterator<Long> oldest = chain.skipped.keySet().iterator();
            while (chain.skipped.size() > MAX_SKIP) {
                oldest.next();
                oldest.remove();
            }
            chain.chain = SenderKey.Ratchet.next(walk);
            chain.next = counter + 1;
            return plaintext;
        } finally {
            lock.unlock();
        }
    }
}
