package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.websocket.SubprotocolNegotiator.NoOverlap;
import dev.switchboard.websocket.SubprotocolNegotiator.NoneOffered;
import dev.switchboard.websocket.SubprotocolNegotiator.Selected;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubprotocolNegotiationTest {

    private final SubprotocolNegotiator negotiator =
            new SubprotocolNegotiator(Set.of("esegece.com", "chat.v2", "chat.v1"));

    @Test
    void clientOrderWinsAmongSupportedTokens() {
        assertThat(negotiator.negotiate(List.of("chat.v1, chat.v2"))).isEqualTo(new Selected("chat.v1"));
        assertThat(negotiator.negotiate(List.of("chat.v2, chat.v1"))).isEqualTo(new Selected("chat.v2"));
    }

    @Test
    void unsupportedTokensBeforeASupportedOneAreSkipped() {
        assertThat(negotiator.negotiate(List.of("mqtt", "wamp.2.json, esegece.com")))
                .isEqualTo(new Selected("esegece.com"));
    }

    @Test
    void repeatedHeadersAndBlankEntriesFormOneOffer() {
        assertThat(SubprotocolNegotiator.parseOffer(List.of(" a ,, b", "c", " ")))
                .containsExactly("a", "b", "c");
    }

    @Test
    void noHeaderMeansNoneOffered() {
        assertThat(negotiator.negotiate(List.of())).isInstanceOf(NoneOffered.class);
        assertThat(negotiator.negotiate(List.of(" , "))).isInstanceOf(NoneOffered.class);
    }

    @Test
    void onlyUnsupportedTokensReportTheOfferInOrder() {
        assertThat(negotiator.negotiate(List.of("mqtt, stomp"))).isEqualTo(new NoOverlap(List.of("mqtt", "stomp")));
    }

    @Test
    void tokensAreCaseSensitive() {
        assertThat(negotiator.negotiate(List.of("ESEGECE.COM"))).isInstanceOf(NoOverlap.class);
    }

    @Test
    void aPrefixedTokenOfAPrefixableProtocolIsSelectedAsSent() {
        SubprotocolNegotiator prefixing = new SubprotocolNegotiator(
                Set.of("esegece.com", "presence.esegece.com"), Set.of("presence.esegece.com"));

        assertThat(prefixing.negotiate(List.of("myapp.presence.esegece.com")))
                .isEqualTo(new Selected("myapp.presence.esegece.com"));
        assertThat(prefixing.negotiate(List.of("xpresence.esegece.com")))
                .isEqualTo(new Selected("xpresence.esegece.com"));
        assertThat(prefixing.negotiate(List.of("presence.esegece.com")))
                .isEqualTo(new Selected("presence.esegece.com"));
        assertThat(prefixing.negotiate(List.of("app.esegece.com")))
                .as("esegece.com takes no prefix")
                .isInstanceOf(NoOverlap.class);
        assertThat(prefixing.negotiate(List.of("presence.esegece.com.evil"))).isInstanceOf(NoOverlap.class);
    }

    @Test
    void theLongestAcceptedNameATokenEndsWithIsTheProtocolItReaches() {
        java.util.Set<String> suffixes = new java.util.LinkedHashSet<>(List.of("esegece.com", "presence.esegece.com"));
        assertThat(dev.switchboard.hub.SubprotocolRegistry.matchingSuffix(suffixes, "apppresence.esegece.com"))
                .contains("presence.esegece.com");
        assertThat(dev.switchboard.hub.SubprotocolRegistry.matchingSuffix(suffixes, "app.esegece.com"))
                .contains("esegece.com");
    }
}
