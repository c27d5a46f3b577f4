package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.AddressSet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The keys under which clients are counted and banned: an IPv4 address itself, an IPv6 address's network of
 * {@code ipv6-prefix} bits written {@code network/prefix}, because one IPv6 subscriber holds a whole network and
 * could otherwise rotate through it. A prefix of 128 keys every IPv6 address on its own.
 */
public final class ClientKeys {

    private final int ipv6Prefix;

    /**
     * Creates the keys.
     *
     * @param ipv6Prefix prefix length (bits) of the IPv6 network a client is keyed by
     */
    public ClientKeys(int ipv6Prefix) {
        this.ipv6Prefix = ipv6Prefix;
    }

    /**
     * A client with its key.
     *
     * @param address the client address
     * @return the client
     */
    public Client client(InetAddress address) {
        return new Client(address, keyOf(address));
    }

    /**
     * The key of an address.
     *
     * @param address the client
     * @return the key
     */
    public String keyOf(InetAddress address) {
        InetAddress normal = AddressSet.normalise(address);
        if (!(normal instanceof Inet6Address) || ipv6Prefix >= 128) {
            return normal.getHostAddress();
        }
        byte[] bytes = normal.getAddress();
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + ipv6Prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key of an address given as text: an IP literal, or a key as {@link #keyOf(InetAddress)} prints it (an
     * IPv6 network with the configured prefix, as the ban list shows it).
     *
     * @param text the text
     * @return the key, or empty when the text is neither
     */
    public Optional<String> keyOf(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            if (!s.substring(slash + 1).equals(Integer.toString(ipv6Prefix))) {
                return Optional.empty();
            }
            return AddressSet.literal(s.substring(0, slash))
                    .filter(a -> a instanceof Inet6Address)
                    .map(this::keyOf);
        }
        return AddressSet.literal(s).map(this::keyOf);
    }

    /**
     * The key of an address given as text, or the text itself when it is no address (a lookup then finds nothing).
     *
     * @param text the text
     * @return the key
     */
    public String keyOrText(String text) {
        return keyOf(text).orElse(text);
    }
}
