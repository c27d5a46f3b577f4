package dev.switchboard.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.NoSubprotocol;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class SubprotocolDeploymentValidationTest {

    @ApplicationScoped
    @Subprotocol("chat.v1")
    static class ChatOne implements SubprotocolHandler {}

    @ApplicationScoped
    @Subprotocol("chat.v1")
    static class ChatOneAgain implements SubprotocolHandler {}

    @ApplicationScoped
    @Subprotocol("chat v2")
    static class BadToken implements SubprotocolHandler {}

    @ApplicationScoped
    static class Unqualified implements SubprotocolHandler {}

    @ApplicationScoped
    @NoSubprotocol
    static class PlainOne implements SubprotocolHandler {}

    @ApplicationScoped
    @NoSubprotocol
    static class PlainTwo implements SubprotocolHandler {}

    @ApplicationScoped
    @Subprotocol("wamp.2.json")
    static class Wamp implements SubprotocolHandler {}

    private static Weld weld(Class<?>... beans) {
        return new Weld()
                .disableDiscovery()
                .addExtension(new SwitchboardExtension())
                .addBeanClasses(SubprotocolRegistry.class)
                .addBeanClasses(beans);
    }

    @Test
    void everyProblemIsListedInOneDeploymentError() {
        Weld weld = weld(
                ChatOne.class, ChatOneAgain.class, BadToken.class, Unqualified.class, PlainOne.class, PlainTwo.class);

        assertThatThrownBy(weld::initialize)
                .isInstanceOf(jakarta.enterprise.inject.spi.DefinitionException.class)
                .hasMessageContaining(DeploymentException.class.getName())
                .hasMessageContaining("Switchboard cannot deploy the subprotocol handlers")
                .hasMessageContaining("subprotocol 'chat.v1' is claimed by 2 beans")
                .hasMessageContaining(ChatOne.class.getName())
                .hasMessageContaining(ChatOneAgain.class.getName())
                .hasMessageContaining("'chat v2', which is not an HTTP token")
                .hasMessageContaining(Unqualified.class.getName() + " implements SubprotocolHandler but has neither")
                .hasMessageContaining("only one @NoSubprotocol handler may exist, found 2");
    }

    @Test
    void validHandlersAreRegisteredByToken() {
        try (WeldContainer container =
                weld(ChatOne.class, Wamp.class, PlainOne.class).initialize()) {
            SubprotocolRegistry registry =
                    container.select(SubprotocolRegistry.class).get();

            assertThat(registry.supported()).containsExactlyInAnyOrder("chat.v1", "wamp.2.json");
            assertThat(registry.handler("chat.v1")).get().isInstanceOf(ChatOne.class);
            assertThat(registry.plain()).get().isInstanceOf(PlainOne.class);
            assertThat(registry.handler("mqtt")).isEmpty();
        }
    }

    @Test
    void httpTokensFollowRfc9110() {
        assertThat(SwitchboardExtension.isToken("esegece.com")).isTrue();
        assertThat(SwitchboardExtension.isToken("v10.stomp")).isTrue();
        assertThat(SwitchboardExtension.isToken("")).isFalse();
        assertThat(SwitchboardExtension.isToken("a,b")).isFalse();
        assertThat(SwitchboardExtension.isToken("a/b")).isFalse();
    }
}
