package dev.switchboard.firewall.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/** Makes the fixed-window token buckets of the connection rate and the flood limit, timed by the firewall's clock. */
public final class RateBuckets {

    private final TimeMeter meter;

    /**
     * Creates the factory.
     *
     * @param clock the time source of every bucket
     */
    public RateBuckets(Clock clock) {
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * A bucket that allows {@code capacity} tokens per period.
     *
     * @param capacity tokens per period
     * @param period   the period
     * @return the bucket
     */
    public Bucket bucket(int capacity, Duration period) {
        // Intervally refill: the whole allowance returns at the end of each period, the seed's fixed window.
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillIntervally(capacity, period)
                        .build())
                .withCustomTimePrecision(meter)
                .build();
    }
}
