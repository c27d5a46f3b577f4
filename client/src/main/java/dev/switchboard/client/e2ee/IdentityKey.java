package dev.switchboard.client.e2ee;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * A user's identity key pair: P-256, whose private half never leaves this process. The public half is published to
 * the relay ({@link #publicKey()}, base64url of the uncompressed point) under its {@link #keyId()}, a fingerprint of
 * it that the relay checks, so that a key id always names one key.
 */
public final class IdentityKey {

    private final PrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final byte[] raw;
    private final String keyId;

    private IdentityKey(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = (ECPublicKey) pair.getPublic();
        this.raw = Primitives.raw(publicKey);
        this.keyId = Primitives.keyId(raw);
    }

    /**
     * Generates a new key pair.
     *
     * @return the key
     */
    public static IdentityKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new IdentityKey(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is missing from this JDK", e);
        }
    }

    /** The public key as published: base64url of the 65-byte uncompressed point. */
    public String publicKey() {
        return Primitives.b64(raw);
    }

    /** The key's id: base64url of the first 12 bytes of SHA-256 of the uncompressed point. */
    public String keyId() {
        return keyId;
    }

    /** This key as another user's directory entry for it would hold it. */
    public PublicIdentity asPublic(String user) {
        return new PublicIdentity(user, keyId, publicKey, raw);
    }

    /** The parameters of P-256, taken from a key the JDK generated, for keys read from their encoding. */
    static java.security.spec.ECParameterSpec curve() {
        return CURVE;
    }

    private static final java.security.spec.ECParameterSpec CURVE =
            generate().publicKey.getParams();

    PrivateKey privateKey() {
        return privateKey;
    }

    ECPublicKey ecPublicKey() {
        return publicKey;
    }
}
