package dev.switchboard.client.e2ee;

/**
 * A sender key as its owner hands it to another member, inside a sealed direct message.
 *
 * @param group   the group
 * @param from    the member who sends with it
 * @param keyId   the key's id
 * @param chain   base64url of the chain at position {@code counter}
 * @param counter the position of the next message
 */
public record SenderKeyDistribution(String group, String from, String keyId, String chain, long counter) {}
