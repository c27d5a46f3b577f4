package dev.switchboard.client.e2ee;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One member's sending key for one group: a hash ratchet. Message {@code i} is sealed with
 * {@code HMAC-SHA-256(chain_i, 0x01)} and the chain moves on to {@code chain_i+1 = HMAC-SHA-256(chain_i, 0x02)}, so a
 * member who receives the chain at some position can read what follows, never what came before. A member rotates
 * to a new sender key when the group's membership changes, so one who left cannot read on and one who joined cannot
 * read back; it distributes each key to the current members sealed as direct messages ({@link #distribution()}).
 *
 * <p>Thread-safe.
 */
public final class SenderKey {

    private final String group;
    private final String from;
    private final String keyId;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] chain;
    private long counter;

    private SenderKey(String group, String from, String keyId, byte[] chain) {
        this.group = group;
        this.from = from;
        this.keyId = keyId;
        this.chain = chain;
    }

    /**
     * Creates a fresh sender key: a random 16-byte id and a random chain.
     *
     * @param group the group
     * @param from  the member who sends with it
     * @return the key
     */
    public static SenderKey create(String group, String from) {
        return new SenderKey(group, from, Primitives.b64(Primitives.random(16)), Primitives.random(32));
    }

    /** The key's id. */
    public String keyId() {
        return keyId;
    }

    /**
     * What another member needs to read this member's messages from now on.
     *
     * @return the key id, the chain at the next message's position, and that position
     */
    public SenderKeyDistribution distribution() {
        lock.lock();
        try {
            return new SenderKeyDistribution(group, from, keyId, Primitives.b64(chain), counter);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals the next message to the group.
     *
     * @param plaintext the message
     * @return the sealed message
     */
    public SealedGroup seal(byte[] plaintext) {
        lock.lock();
        try {
            byte[] messageKey = Ratchet.messageKey(chain);
            byte[] nonce = Primitives.random(Primitives.NONCE_BYTES);
            SealedGroup header = new SealedGroup(group, from, keyId, counter, Primitives.b64(nonce), "");
            byte[] sealed = Primitives.seal(messageKey, nonce, header.aad(), plaintext);
            chain = Ratchet.next(chain);
            counter++;
            return new SealedGroup(group, from, keyId, header.counter(), header.nonce(), Primitives.b64(sealed));
        } finally {
            lock.unlock();
        }
    }

    /** The two derivations of the ratchet. */
    static final class Ratchet {
        private static final byte[] MESSAGE = {0x01};
        private static final byte[] CHAIN = {0x02};

        private Ratchet() {}

        static byte[] messageKey(byte[] chain) {
            return Primitives.hmac(chain, MESSAGE);
        }

        static byte[] next(byte[] chain) {
            return Primitives.hmac(chain, CHAIN);
        }
    }
}
