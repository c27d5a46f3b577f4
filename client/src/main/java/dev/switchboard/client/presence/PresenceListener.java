package dev.switchboard.client.presence;

/**
 * What a {@link PresenceClient} tells its application. Called on the client's link thread, one call at a time, in
 * the order the frames arrived; a listener must not block for long. Every method has an empty default.
 */
public interface PresenceListener {

    /**
     * A member joined the presence (this client's own join included).
     *
     * @param member the member
     */
    default void memberJoined(Member member) {}

    /**
     * A member left the presence, by leaving or by disconnecting.
     *
     * @param member the member
     */
    default void memberLeft(Member member) {}

    /**
     * A member joined a channel this client is in (this client's own join included).
     *
     * @param channel the channel
     * @param member  the member
     */
    default void channelMemberJoined(String channel, Member member) {}

    /**
     * A member left a channel this client is in.
     *
     * @param channel the channel
     * @param member  the member
     */
    default void channelMemberLeft(String channel, Member member) {}

    /**
     * A message to a channel this client is in, or to every member (channel empty).
     *
     * @param channel the channel, empty for a message to every member
     * @param from    the sender
     * @param text    the text
     */
    default void message(String channel, Member from, String text) {}

    /**
     * Another member invites this client to a channel; {@link PresenceClient#subscribe} accepts.
     *
     * @param channel the channel
     * @param from    the inviter
     */
    default void invitation(String channel, Member from) {}

    /**
     * The server refused a request that no future waits for (an invitation, a publication).
     *
     * @param code    the sgc error code (1, 2, 3, 5, 10, 11, 12, 20, 30)
     * @param text    the server's text
     * @param channel the channel it concerns, possibly empty
     */
    default void error(int code, String text, String channel) {}
}
