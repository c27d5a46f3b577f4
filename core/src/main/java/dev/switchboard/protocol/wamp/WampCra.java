package dev.switchboard.protocol.wamp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of WAMP challenge-response authentication (WAMP-CRA) with a salted secret: the client derives a key
 * from its password with PBKDF2-HMAC-SHA256 and the challenge's salt, iterations and key length, and answers with
 * {@code Base64(HMAC-SHA256(Base64(key), challenge))}; the HMAC key is the Base64 text of the derived key, as the
 * WAMP clients (autobahn) compute it.
 */
final class WampCra {

    private WampCra() {}

    /**
     * Tells whether a signature is the one the derived key makes of the challenge, in time independent of where it
     * differs.
     *
     * @param derivedKey the PBKDF2 key
     * @param challenge  the challenge text
     * @param signature  the client's answer, Base64
     * @return true when it matches; false for a wrong or malformed answer
     */
    static boolean signedWith(byte[] derivedKey, String challenge, String signature) {
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(derivedKey, challenge), presented);
    }

    /**
     * Signs a challenge as a WAMP-CRA client does.
     *
     * @param derivedKey the PBKDF2 key
     * @param challenge  the challenge text
     * @return the raw HMAC
     */
    static byte[] sign(byte[] derivedKey, String challenge) {
        byte[] hmacKey = Base64.getEncoder().encode(derivedKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
