package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.RpcMethod;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.spi.PublishHandler;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The application beans the sgc behaviour tests deploy: RPC methods and channel handlers. */
final class SgcTestBeans {

    private SgcTestBeans() {}

    /** The params of {@code add}. */
    public record AddParams(int a, int b) {}

    /** A result object. */
    public record Sum(int sum) {}

    @ApplicationScoped
    public static class Calculator {
        private final AtomicInteger counted = new AtomicInteger();

        /** How often {@code count} ran; a method, because the test holds the client proxy. */
        public int counted() {
            return counted.get();
        }

        @RpcMethod("add")
        public Sum add(AddParams params) {
            return new Sum(params.a() + params.b());
        }

        @RpcMethod
        public String echo(String text) {
            return text;
        }

        @RpcMethod("test")
        public Map<String, Object> test(Map<String, Object> params) {
            return Map.of("got", params.get("param"));
        }

        @RpcMethod("whoami")
        public String whoami(Connection caller) {
            return caller.principal().map(p -> p.getName()).orElse("anonymous");
        }

        @RpcMethod("count")
        public int count() {
            return counted.incrementAndGet();
        }

        @RpcMethod("refuse")
        public void refuse() {
            throw new RpcException(-32010, "Refused", "not today");
        }

        @RpcMethod("crash")
        public void crash() {
            throw new IllegalStateException("database password is hunter2");
        }
    }

    /** Denies every channel that starts with "secret". */
    @ApplicationScoped
    public static class SecretChannels implements SubscribeHandler {
        @Override
        public SubscribeDecision onSubscribe(SubscribeEvent event) {
            return event.channel().startsWith("secret")
                    ? SubscribeDecision.deny(-32003, "Forbidden channel")
                    : SubscribeDecision.allow();
        }
    }

    /** Upper-cases publications to "shout" and refuses those to "readonly". */
    @ApplicationScoped
    public static class Moderation implements PublishHandler {
        @Override
        public PublishDecision onPublish(PublishEvent event) {
            return switch (event.channel()) {
                case "shout" -> PublishDecision.rewrite(event.message().toUpperCase(Locale.ROOT));
                case "readonly" -> PublishDecision.deny(-32004, "Read-only channel");
                default -> PublishDecision.allow();
            };
        }
    }
}
