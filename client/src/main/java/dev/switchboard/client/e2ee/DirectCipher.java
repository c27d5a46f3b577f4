package dev.switchboard.client.e2ee;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seals direct messages from one user and opens those sent to them. The key of a pair of users is HKDF-SHA-256 of
 * the ECDH secret of their identity keys, salted with SHA-256 of {@code "switchboard-e2ee-v1"}, with the info
 * {@code "direct" 0x00 <lower key id> 0x00 <higher key id>}, so both ends derive the same key and it changes when
 * either rotates its identity key.
 *
 * <p>Replays: the counters of one sender key towards one recipient key only grow, and a message whose counter is
 * not above the highest accepted one is refused. A sender's first counter is its clock in microseconds, so a sender
 * that restarts with the same identity key stays above what its peers accepted before.
 *
 * <p>Thread-safe.
 */
public final class DirectCipher {

    private static final byte[] SALT = Primitives.sha256(Primitives.utf8("switchboard-e2ee-v1"));

    private final String user;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, IdentityKey> ownKeys = new HashMap<>();
    private IdentityKey current;
    private final Map<String, Long> sent = new HashMap<>();
    private final Map<String, Long> accepted = new HashMap<>();
    private final Map<String, byte[]> pairKeys = new HashMap<>();

    /**
     * Creates the cipher of a user.
     *
     * @param user their user name, as the relay knows them
     * @param key  their current identity key
     */
    public DirectCipher(String user, IdentityKey key) {
        this.user = user;
        rotate(key);
    }

    /**
     * Makes {@code key} the identity key new messages are sealed with. Messages sealed for earlier keys of this
     * cipher still open, so that those in flight when the key changed are not lost.
     *
     * @param key the new key
     */
    public void rotate(IdentityKey key) {
        lock.lock();
        try {
            ownKeys.put(key.keyId(), key);
            current = key;
        } finally {
            lock.unlock();
        }
    }

    /** The identity key new messages are sealed with. */
    public IdentityKey currentKey() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals a message for a user.
     *
     * @param recipient the recipient's published identity key
     * @param plaintext the message
     * @return the sealed message
     * @throws E2eeException when the recipient's key cannot be used
     */
    public SealedDirect seal(PublicIdentity recipient, byte[] plaintext) throws E2eeException {
        lock.lock();
        try {
            IdentityKey own = current;
            String pair = own.keyId() + "\u0000" + recipient.keyId();
            long counter = Math.max(sent.getOrDefault(pair, 0L) + 1, System.currentTimeMillis() * 1000);
            sent.put(pair, counter);
            byte[] nonce = Primitives.random(Primitives.NONCE_BYTES);
            SealedDirect header = new SealedDirect(
                    user, recipient.user(), own.keyId(), recipient.keyId(), counter, Primitives.b64(nonce), "");
            byte[] sealed = Primitives.seal(pairKey(own, recipient), nonce, header.aad(), plaintext);
            return new SealedDirect(
                    header.from(),
                    header.to(),
                    header.senderKey(),
                    header.recipientKey(),
                    counter,
                    header.nonce(),
                    Primitives.b64(sealed));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a message sent to this user.
     *
     * @param message the sealed message
     * @param sender  the sender's identity key named by {@code message.senderKey()}
     * @return the plaintext
     * @throws E2eeException when it is not for this user or key, is altered, or replayed
     */
    public byte[] open(SealedDirect message, PublicIdentity sender) throws E2eeException {
        if (!user.equals(message.to())) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the message is for another user");
        }
        if (!sender.user().equals(message.from()) || !sender.keyId().equals(message.senderKey())) {
            throw new E2eeException(E2eeException.Reason.UNKNOWN_KEY, "the sender's key is not the one it names");
        }
        lock.lock();
        try {
            IdentityKey own = ownKeys.get(message.recipientKey());
            if (own == null) {
                throw new E2eeException(E2eeException.Reason.UNKNOWN_KEY, "sealed for a key this user does not hold");
            }
            String stream = message.from() + "\u0000" + message.senderKey() + "\u0000" + message.recipientKey();
            Long highest = accepted.get(stream);
            if (highest != null && message.counter() <= highest) {
                throw new E2eeException(E2eeException.Reason.REPLAYED, "counter " + message.counter() + " was used");
            }
            byte[] plaintext = Primitives.open(
                    pairKey(own, sender),
                    Primitives.unb64(message.nonce(), "nonce"),
                    message.aad(),
                    Primitives.unb64(message.ciphertext(), "ciphertext"));
            // Only a message that authenticated moves the counter: a forged one cannot block the real sender.
            accepted.put(stream, message.counter());
            return plaintext;
        } finally {
            lock.unlock();
        }
    }

    private byte[] pairKey(IdentityKey own, PublicIdentity peer) throws E2eeException {
        String a = own.keyId();
        String b = peer.keyId();
        String id = a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
        byte[] key = pairKeys.get(id);
        if (key == null) {
            byte[] secret = Primitives.ecdh(own.privateKey(), peer.key());
            key = Primitives.hkdf(secret, SALT, Primitives.utf8("direct\u0000" + id), 32);
            pairKeys.put(id, key);
        }
        return key;
    }
}
