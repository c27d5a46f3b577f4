package dev.switchboard.websocket;

import dev.switchboard.hub.SubprotocolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses the subprotocol of a WebSocket handshake: the first token of the client's offer that is supported.
 * The client's order wins, as JSR-356 specifies for {@code getNegotiatedSubprotocol}.
 */
public final class SubprotocolNegotiator {

    /** The outcome of a negotiation. */
    public sealed interface Negotiation {}

    /**
     * A supported token was offered.
     *
     * @param name the chosen token, to be echoed
     */
    public record Selected(String name) implements Negotiation {}

    /** The client offered no subprotocol. */
    public record NoneOffered() implements Negotiation {}

    /**
     * The client offered subprotocols, none of them supported.
     *
     * @param offered what the client offered, in order
     */
    public record NoOverlap(List<String> offered) implements Negotiation {}

    private final Set<String> supported;
    private final Set<String> prefixable;

    /**
     * Creates a negotiator.
     *
     * @param supported the supported tokens
     */
    public SubprotocolNegotiator(Set<String> supported) {
        this(supported, Set.of());
    }

    /**
     * Creates a negotiator that also accepts tokens ending with a prefixable token (the sgc JavaScript clients'
     * {@code <prefix>presence.esegece.com}); the client's token is echoed as sent.
     *
     * @param supported  the supported tokens
     * @param prefixable the supported tokens that may follow a client's prefix
     */
    public SubprotocolNegotiator(Set<String> supported, Set<String> prefixable) {
        this.supported = Set.copyOf(supported);
        this.prefixable = Set.copyOf(prefixable);
    }

    /**
     * Negotiates against the raw {@code Sec-WebSocket-Protocol} header values of a request.
     *
     * @param headerValues every value of the header, each possibly a comma-separated list
     * @return the outcome
     */
    public Negotiation negotiate(List<String> headerValues) {
        List<String> offered = parseOffer(headerValues);
        if (offered.isEmpty()) {
            return new NoneOffered();
        }
        for (String token : offered) {
            if (supported.contains(token)
                    || SubprotocolRegistry.matchingSuffix(prefixable, token).isPresent()) {
                return new Selected(token);
            }
        }
        return new NoOverlap(offered);
    }

    /**
     * Splits header values into tokens: the header may repeat and each value may be a comma-separated list
     * (RFC 6455 section 11.3.4); blanks are dropped.
     *
     * @param headerValues the raw values
     * @return the tokens in order
     */
    static List<String> parseOffer(List<String> headerValues) {
        List<String> tokens = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String token = part.trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }
}
