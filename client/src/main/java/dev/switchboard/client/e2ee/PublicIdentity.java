package dev.switchboard.client.e2ee;

import java.security.interfaces.ECPublicKey;

/**
 * Another user's published identity key, as the relay's directory gives it, checked: a point of P-256 whose
 * fingerprint is the key id it was published under.
 */
public final class PublicIdentity {

    private final String user;
    private final String keyId;
    private final ECPublicKey key;
    private final byte[] raw;

    PublicIdentity(String user, String keyId, ECPublicKey key, byte[] raw) {
        this.user = user;
        this.keyId = keyId;
        this.key = key;
        this.raw = raw;
    }

    /**
     * Reads a published key.
     *
     * @param user      whose key it is
     * @param keyId     the id it was published under
     * @param publicKey base64url of the uncompressed point
     * @return the key
     * @throws E2eeException when it is not a P-256 point or its fingerprint is not {@code keyId}
     */
    public static PublicIdentity of(String user, String keyId, String publicKey) throws E2eeException {
        byte[] raw = Primitives.unb64(publicKey, "key");
        ECPublicKey key = Primitives.fromRaw(raw, IdentityKey.curve());
        if (!Primitives.keyId(raw).equals(keyId)) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the key id is not the key's fingerprint");
        }
        return new PublicIdentity(user, keyId, key, raw);
    }

    /** Whose key it is. */
    public String user() {
        return user;
    }

    /** Its id. */
    public String keyId() {
        return keyId;
    }

    /** The key as published: base64url of the uncompressed point. */
    public String publicKey() {
        return Primitives.b64(raw);
    }

    ECPublicKey key() {
        return key;
    }
}
