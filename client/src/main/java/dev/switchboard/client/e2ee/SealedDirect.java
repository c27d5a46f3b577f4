package dev.switchboard.client.e2ee;

/**
 * A direct message as it travels through the relay: the header in clear (the relay routes on {@code to}), the body
 * sealed with the key of the two users' identity keys. Every header field is authenticated.
 *
 * @param from         the sender's user name
 * @param to           the recipient's user name
 * @param senderKey    the id of the sender's identity key
 * @param recipientKey the id of the recipient's identity key it was sealed for
 * @param counter      the sender's counter for this pair of keys, strictly increasing
 * @param nonce        base64url of the 12-byte AES-GCM nonce
 * @param ciphertext   base64url of the ciphertext and its 16-byte tag
 */
public record SealedDirect(
        String from, String to, String senderKey, String recipientKey, long counter, String nonce, String ciphertext) {

    byte[] aad() {
        return Primitives.fields("v1", "direct", from, to, senderKey, recipientKey, Long.toString(counter));
    }
}
