package dev.switchboard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so expiry, windows and timeouts are tested without waiting. It is a {@link Clock}
 * and therefore also an {@link java.time.InstantSource}; it always reports UTC.
 */
public final class MutableClock extends Clock {

    /** Where every clock starts unless told otherwise. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    /** A clock standing at {@link #START}. */
    public MutableClock() {
        this(START);
    }

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
