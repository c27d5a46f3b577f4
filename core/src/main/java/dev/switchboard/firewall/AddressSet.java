package dev.switchboard.firewall;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of IPv4 and IPv6 addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 10.1.1.50}),
 * in the manner of Jetty's {@code InetAddressSet}. An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) matches
 * the IPv4 entries, because that is what a dual-stack socket reports for an IPv4 peer.
 */
public final class AddressSet {

    private record Range(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressSet(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The empty set. */
    public static final AddressSet EMPTY = new AddressSet(List.of());

    /**
     * Parses entries.
     *
     * @param entries addresses and CIDR ranges
     * @return the set
     * @throws IllegalArgumentException naming the first entry that is not an IP literal or CIDR range
     */
    public static AddressSet parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            InetAddress address = literal(host)
                    .orElseThrow(
                            () -> new IllegalArgumentException("Not an IP address or CIDR range: '" + entry + "'"));
            byte[] bytes = address.getAddress();
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Bad CIDR prefix in '" + entry + "'");
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("CIDR prefix out of range in '" + entry + "'");
                }
            }
            ranges.add(new Range(bytes, prefix, text));
        }
        return new AddressSet(ranges);
    }

    /**
     * Whether the set holds an address.
     *
     * @param address the address
     * @return true when some entry contains it
     */
    public boolean contains(InetAddress address) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = normalise(address).getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the set is empty.
     *
     * @return true when it has no entry
     */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * Parses an IP literal without ever asking DNS: text with any character an IP literal cannot hold is refused
     * before {@link InetAddress#getByName} sees it. Square brackets around an IPv6 literal and its zone
     * ({@code %eth0}) are removed. IPv4-mapped
     * IPv6 addresses come back as IPv4.
     *
     * @param text the text
     * @return the address, or empty when the text is not an IP literal
     */
    public static Optional<InetAddress> literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone > 0 && s.indexOf(':') >= 0) {
            // A link-local peer's zone (fe80::1%eth0) names the local interface, not the client: it is dropped, as
            // normalise drops a parsed scope, so such a peer is judged by its address rather than refused.
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        boolean colon = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            colon |= c == ':';
            boolean ok =
                    (c >= '0' && c <= '9') || c == '.' || c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return Optional.empty();
            }
        }
        if (!colon) {
            // Only dotted quads: "10" or "1.2" are legal for getByName but never meant as an address here.
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            for (String part : parts) {
                if (part.isEmpty()
                        || part.length() > 3
                        || !part.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(normalise(InetAddress.getByName(s)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Maps an IPv4-mapped IPv6 address to its IPv4 address and drops any scope.
     *
     * @param address the address
     * @return the normalised address
     */
    public static InetAddress normalise(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            try {
                if (mapped) {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                }
                if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
                    return InetAddress.getByAddress(b);
                }
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::text).toList().toString();
    }
}
