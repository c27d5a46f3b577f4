package dev.switchboard.client.e2ee;

/**
 * A group message as it travels through the relay: the header in clear, the body sealed with the one-time key of the
 * sender key's chain at {@code counter}. Every header field is authenticated.
 *
 * @param group      the group's name
 * @param from       the sender's user name
 * @param keyId      the id of the sender key
 * @param counter    the position in the sender key's chain
 * @param nonce      base64url of the 12-byte AES-GCM nonce
 * @param ciphertext base64url of the ciphertext and its 16-byte tag
 */
public record SealedGroup(String group, String from, String keyId, long counter, String nonce, String ciphertext) {

    byte[] aad() {
        return Primitives.fields("v1", "group", group, from, keyId, Long.toString(counter));
    }
}
