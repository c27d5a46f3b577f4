package dev.switchboard.spi;

/**
 * The {@link Broker} did not take a publication: it is not stored, not delivered and not counted, and the
 * publisher must be told (a protocol answers its client with an error instead of an acknowledgment). The memory
 * broker throws it when a channel's queue stayed full for the configured wait, because a history store that may
 * block fell behind.
 */
public class PublicationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String channel;

    /**
     * Creates the refusal.
     *
     * @param channel the channel the publication was for
     * @param message why, fit to show to the publisher
     */
    public PublicationRefusedException(String channel, String message) {
        super(message);
        this.channel = channel;
    }

    /**
     * The channel the refused publication was for.
     *
     * @return the channel
     */
    public String channel() {
        return channel;
    }
}
