package dev.switchboard.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.RpcMethod;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.cdi.SwitchboardExtension;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** {@code @RpcMethod} methods are found at deployment, checked together, and called through the container. */
class RpcMethodDeploymentTest {

    public record Pair(int left, int right) {}

    @ApplicationScoped
    public static class Maths {
        @RpcMethod("multiply")
        public int multiply(Pair pair) {
            return pair.left() * pair.right();
        }

        @RpcMethod
        public void nothing() {}

        @RpcMethod("nullable")
        public String nullable(String text) {
            return text == null ? "absent" : text;
        }

        @RpcMethod("primitive")
        public int primitive(int value) {
            return value + 1;
        }
    }

    @ApplicationScoped
    public static class MoreMaths {
        @RpcMethod("multiply")
        public int alsoMultiply(Pair pair) {
            return 0;
        }
    }

    @ApplicationScoped
    public static class BadSignatures {
        @RpcMethod("two")
        public int two(Pair a, Pair b) {
            return 0;
        }

        @RpcMethod("twoConnections")
        public int twoConnections(Connection a, Connection b) {
            return 0;
        }

        @RpcMethod("sgc@mine")
        public int reserved() {
            return 0;
        }

        @RpcMethod("hidden")
        private int hidden() {
            return 0;
        }
    }

    @ApplicationScoped
    @Subprotocol("dup.v1")
    public static class HandlerOne implements SubprotocolHandler {}

    @ApplicationScoped
    @Subprotocol("dup.v1")
    public static class HandlerTwo implements SubprotocolHandler {}

    static final AtomicInteger DESTROYED = new AtomicInteger();

    @Dependent
    public static class PerCall {
        @RpcMethod("perCall")
        public String perCall(Connection caller) {
            return caller == null ? "no caller" : "caller";
        }

        @PreDestroy
        void destroyed() {
            DESTROYED.incrementAndGet();
        }
    }

    private static WeldContainer deploy(Class<?>... beans) {
        return new Weld(UUID.randomUUID().toString())
                .disableDiscovery()
                .addExtension(new SwitchboardExtension())
                .addBeanClasses(RpcInvoker.class)
                .addBeanClasses(beans)
                .initialize();
    }

    private static List<JsonValue> params(String json) {
        return List.of(Json.createReader(new StringReader(json)).readValue());
    }

    @Test
    void everyRpcProblemIsListedInTheSameDeploymentErrorAsHandlerProblems() {
        assertThatThrownBy(() ->
                        deploy(Maths.class, MoreMaths.class, BadSignatures.class, HandlerOne.class, HandlerTwo.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("Switchboard cannot deploy the subprotocol handlers and RPC methods")
                .hasMessageContaining("subprotocol 'dup.v1' is claimed by 2 beans")
                .hasMessageContaining("RPC method 'multiply' is declared by 2 methods: " + Maths.class.getName()
                        + ".multiply, " + MoreMaths.class.getName() + ".alsoMultiply")
                .hasMessageContaining(BadSignatures.class.getName() + ".two has more than one parameter besides")
                .hasMessageContaining(".twoConnections has more than one Connection parameter")
                .hasMessageContaining("names RPC method 'sgc@mine'; names starting with sgc@ are reserved")
                .hasMessageContaining(".hidden is annotated @RpcMethod but is private");
    }

    @Test
    void methodsAreCalledWithMappedParamsAndResults() {
        try (WeldContainer weld = deploy(Maths.class)) {
            RpcInvoker registry = weld.select(RpcInvoker.class).get();

            assertThat(registry.names()).containsExactlyInAnyOrder("multiply", "nothing", "nullable", "primitive");
            assertThat(registry.invoke(registry.bind("multiply", null, params("{\"left\":6,\"right\":7}"))))
                    .isEqualTo("42");
            assertThat(registry.invoke(registry.bind("nothing", null, params("[1,2]"))))
                    .isEqualTo("null");
            assertThat(registry.invoke(registry.bind("nullable", null, Collections.singletonList(null))))
                    .isEqualTo("\"absent\"");
            assertThat(registry.invoke(registry.bind("primitive", null, params("41"))))
                    .isEqualTo("42");
        }
    }

    @Test
    void missingParamsForAPrimitiveAndUnknownNamesAreRefused() {
        try (WeldContainer weld = deploy(Maths.class)) {
            RpcInvoker registry = weld.select(RpcInvoker.class).get();

            assertThatThrownBy(() -> registry.bind("primitive", null, Collections.singletonList(null)))
                    .isInstanceOfSatisfying(
                            RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcException.INVALID_PARAMS));
            assertThatThrownBy(() -> registry.bind("missing", null, params("{}")))
                    .isInstanceOfSatisfying(
                            RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcException.METHOD_NOT_FOUND));
        }
    }

    @Test
    void theFirstCandidateThatMapsWins() {
        try (WeldContainer weld = deploy(Maths.class)) {
            RpcInvoker registry = weld.select(RpcInvoker.class).get();
            List<JsonValue> candidates = Arrays.asList(
                    Json.createValue("not a pair"),
                    Json.createReader(new StringReader("{\"left\":2,\"right\":3}"))
                            .readValue());

            assertThat(registry.invoke(registry.bind("multiply", null, candidates)))
                    .isEqualTo("6");
        }
    }

    @Test
    void aDependentBeanIsCreatedAndDestroyedPerCall() {
        try (WeldContainer weld = deploy(PerCall.class)) {
            RpcInvoker registry = weld.select(RpcInvoker.class).get();
            int before = DESTROYED.get();

            assertThat(registry.invoke(registry.bind("perCall", null, Collections.singletonList(null))))
                    .isEqualTo("\"no caller\"");
            assertThat(registry.invoke(registry.bind("perCall", null, Collections.singletonList(null))))
                    .isEqualTo("\"no caller\"");
            assertThat(DESTROYED.get()).isEqualTo(before + 2);
        }
    }
}
