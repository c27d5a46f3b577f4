package dev.switchboard.embedded.firewall;

import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds handshakes whose query contains {@code hold} inside the filter chain until the test releases them, the way
 * a slow password check would, so a test can see what the firewall counts while handshakes are in flight.
 */
@ApplicationScoped
public class HoldingCheck implements UpgradeCheck {

    static final AtomicInteger HELD = new AtomicInteger();
    private static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
        HELD.set(0);
        release = new CountDownLatch(1);
    }

    static void releaseAll() {
        release.countDown();
    }

    @Override
    public CheckResult check(UpgradeRequest request) {
        String query = request.requestUri().getRawQuery();
        if (query != null && query.contains("hold")) {
            HELD.incrementAndGet();
            try {
                // Bounded, so a failed test cannot leave a request thread parked for ever.
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return CheckResult.notApplicable();
    }
}
