package dev.switchboard.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, so no test sleeps for a guessed time. The failure names what was awaited,
 * the deadline and, where there is one, the last value seen.
 */
public final class Await {

    /** The default deadline: long enough for a loaded CI machine, short enough to fail a hung test quickly. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private Await() {}

    /** Waits until {@code condition} holds, up to {@link #DEADLINE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEADLINE, condition);
    }

    /** Waits until {@code condition} holds, up to {@code within}. */
    public static void until(String what, Duration within, BooleanSupplier condition) {
        value(what, within, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Waits until {@code value} satisfies {@code condition}, up to {@link #DEADLINE}; returns that value. */
    public static <T> T value(String what, Supplier<T> value, Predicate<? super T> condition) {
        return value(what, DEADLINE, value, condition);
    }

    /** Waits until {@code value} satisfies {@code condition}, up to {@code within}; returns that value. */
    public static <T> T value(String what, Duration within, Supplier<T> value, Predicate<? super T> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T current = value.get();
            if (condition.test(current)) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                String last = current instanceof Boolean ? "" : "; last value: " + current;
                throw new AssertionError("Timed out after " + within.toMillis() + " ms waiting for " + what + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
