package dev.switchboard.embedded.browser;

import dev.switchboard.api.Gateway;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What the Node scenarios may ask of the server ({@code HOOK} lines, see {@link NodeScenario}): the gateway to
 * publish and disconnect with, and a gate that refuses WebSocket upgrades (to force the SSE fallback), event streams
 * (to leave a reconnecting client only WebSocket), or every handshake, WebSocket and event stream alike (to keep a
 * client away while it misses messages).
 */
final class ServerHooks {

    static volatile Gateway gateway;
    static volatile boolean refuseWebSocket;
    static volatile boolean refuseEventStreams;
    static volatile boolean refuseAll;

    private ServerHooks() {}

    static void reset() {
        refuseWebSocket = false;
        refuseEventStreams = false;
        refuseAll = false;
    }

    /** Hands the running server's gateway to the test. */
    @ApplicationScoped
    public static class GatewayCapture {
        @Inject
        Gateway injected;

        void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
            gateway = injected;
        }
    }

    /** Refuses handshakes while the test says so; an SSE stream is the request without an Upgrade header. */
    @ApplicationScoped
    @Priority(1)
    public static class Gate implements UpgradeCheck {
        @Override
        public CheckResult check(UpgradeRequest request) {
            if (refuseAll) {
                return CheckResult.reject(503, "refused by the test");
            }
            if (refuseWebSocket && request.header("upgrade").isPresent()) {
                return CheckResult.reject(403, "WebSocket refused by the test");
            }
            if (refuseEventStreams && request.header("upgrade").isEmpty()) {
                return CheckResult.reject(403, "event stream refused by the test");
            }
            return CheckResult.notApplicable();
        }
    }
}
