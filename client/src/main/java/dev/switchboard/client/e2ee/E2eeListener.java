package dev.switchboard.client.e2ee;

/**
 * What an {@link E2eeClient} tells its application: decrypted messages, receipts, membership changes and refusals.
 * Called on the client's own thread, one call at a time, in the order the frames arrived; a listener must not block
 * for long. Every method has an empty default.
 */
public interface E2eeListener {

    /**
     * A direct message arrived and opened.
     *
     * @param from the sender, as the relay vouched for it
     * @param text the decrypted text
     */
    default void direct(String from, String text) {}

    /**
     * A group message arrived and opened.
     *
     * @param group the group
     * @param from  the sender, as the relay vouched for it
     * @param text  the decrypted text
     */
    default void group(String group, String from, String text) {}

    /**
     * The recipient of a direct message this client sent has opened it.
     *
     * @param from the recipient
     * @param ref  the reference {@link E2eeClient#sendDirect} returned
     */
    default void receipt(String from, String ref) {}

    /**
     * A member joined or left a group this client is in.
     *
     * @param group  the group
     * @param user   the member
     * @param joined true when it joined, false when it left
     */
    default void membership(String group, String user, boolean joined) {}

    /**
     * A message was refused: altered, replayed, under a key this client does not have, or malformed. Nothing of it
     * reaches the application.
     *
     * @param from   the sender the relay named
     * @param reason why it was refused
     */
    default void rejected(String from, E2eeException reason) {}
}
