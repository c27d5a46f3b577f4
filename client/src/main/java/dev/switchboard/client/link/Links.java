package dev.switchboard.client.link;

import dev.switchboard.client.link.internal.DefaultLink;

/** Creates {@link Link}s. */
public final class Links {

    private Links() {}

    /** A link that starts connecting when {@link Link#start()} is called. */
    public static Link create(LinkOptions options, LinkListener listener) {
        return new DefaultLink(options, listener);
    }

    /** A link that is already connecting: {@link #create} then {@link Link#start()}. */
    public static Link open(LinkOptions options, LinkListener listener) {
        Link link = create(options, listener);
        link.start();
        return link;
    }
}
