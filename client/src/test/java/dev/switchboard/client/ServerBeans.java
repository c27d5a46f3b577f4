package dev.switchboard.client;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.RpcMethod;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.PublishEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.protocol.sgc.SgcMessageEvent;
import dev.switchboard.spi.PublishHandler;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The server application the protocol client's tests run against: RPC methods, a publish rule, an inbox. */
public final class ServerBeans {

    /** Plain messages the server received ({@code sgc@message}), in order. */
    public static final ConcurrentLinkedQueue<String> INBOX = new ConcurrentLinkedQueue<>();

    /** Released by a test to let {@code block} return. */
    public static volatile CountDownLatch gate = new CountDownLatch(1);

    private ServerBeans() {}

    /** The beans to add to a test server. */
    public static Class<?>[] all() {
        return new Class<?>[] {Methods.class, ClosedChannels.class, PrivateChannels.class, Inbox.class};
    }

    /** The params of {@code add}. */
    public record AddParams(int a, int b) {}

    /** The result of {@code add}. */
    public record Sum(int sum) {}

    /** RPC methods. */
    @ApplicationScoped
    public static class Methods {

        @RpcMethod("add")
        public Sum add(AddParams params) {
            return new Sum(params.a() + params.b());
        }

        @RpcMethod("range")
        public List<Sum> range(AddParams params) {
            return java.util.stream.IntStream.range(params.a(), params.b())
                    .mapToObj(Sum::new)
                    .toList();
        }

        @RpcMethod("me")
        public String me(Connection caller) {
            return caller.principal().map(java.security.Principal::getName).orElse("anonymous");
        }

        @RpcMethod("refuse")
        public void refuse() {
            throw new RpcException(-32010, "Refused", "not today");
        }

        /** Holds its caller until a test opens the gate (at most 30 s): a call that does not answer in time. */
        @RpcMethod("block")
        public String block() throws InterruptedException {
            return gate.await(30, TimeUnit.SECONDS) ? "released" : "gave up";
        }
    }

    /** Denies publications to channels that start with {@code closed.}. */
    @ApplicationScoped
    public static class ClosedChannels implements PublishHandler {
        @Override
        public PublishDecision onPublish(PublishEvent event) {
            return event.channel().startsWith("closed.")
                    ? PublishDecision.deny(-32003, "Channel closed")
                    : PublishDecision.allow();
        }
    }

    /** Refuses subscriptions to channels that start with {@code private.}. */
    @ApplicationScoped
    public static class PrivateChannels implements SubscribeHandler {
        @Override
        public SubscribeDecision onSubscribe(SubscribeEvent event) {
            return event.channel().startsWith("private.")
                    ? SubscribeDecision.deny(-32003, "Private channel")
                    : SubscribeDecision.allow();
        }
    }

    /** Keeps the plain messages clients send. */
    @ApplicationScoped
    public static class Inbox {
        void onMessage(@Observes SgcMessageEvent event) {
            INBOX.add(event.message());
        }
    }
}
