package dev.switchboard.protocol.presence;

/** The presence protocol's error codes and texts, as sgc clients know them. */
enum PresenceError {
    MEMBER_EXISTS(1, "Member already exists."),
    MEMBER_DENIED(2, "Create New Member request has been denied."),
    NO_MEMBER(3, "Member not exists."),
    NO_CHANNEL(5, "Channel not exists."),
    SUBSCRIPTION_DENIED(10, "Create Subscription request has been denied."),
    SUBSCRIPTION_EXISTS(11, "Subscription already exists."),
    NO_SUBSCRIPTION(12, "Subscription not exists."),
    PUBLISH_DENIED(20, "Publish Message request has been denied."),
    SEND_MEMBERS_DENIED(30, "Send Members request has been denied.");

    private final int code;
    private final String text;

    PresenceError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    int code() {
        return code;
    }

    String text() {
        return text;
    }
}
