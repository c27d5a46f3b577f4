package dev.switchboard.it.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a value until it satisfies a condition or a deadline passes; the failure names the last value seen. */
public final class Eventually {

    /** The default deadline: long enough for a loaded CI machine, short enough to fail a hung test quickly. */
    public static final Duration DEADLINE = Duration.ofSeconds(15);

    private static final long POLL_NANOS = Duration.ofMillis(25).toNanos();

    private Eventually() {}

    /**
     * Waits for {@code value} to satisfy {@code condition}.
     *
     * @param description what is awaited, for the failure message
     * @param value       reads the current value; exceptions count as "not yet"
     * @param condition   the condition
     * @param <T>         the value type
     * @return the first value that satisfied the condition
     * @throws AssertionError when the deadline passes first
     */
    public static <T> T await(String description, Supplier<T> value, Predicate<T> condition) {
        return await(description, value, condition, DEADLINE);
    }

    /**
     * Waits for {@code value} to satisfy {@code condition}, up to a deadline of the caller's.
     *
     * @param description what is awaited, for the failure message
     * @param value       reads the current value; exceptions count as "not yet"
     * @param condition   the condition
     * @param within      the deadline
     * @param <T>         the value type
     * @return the first value that satisfied the condition
     * @throws AssertionError when the deadline passes first
     */
    public static <T> T await(String description, Supplier<T> value, Predicate<T> condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Object last = "nothing";
        while (true) {
            try {
                T current = value.get();
                if (condition.test(current)) {
                    return current;
                }
                last = current;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + within.toSeconds() + " s waiting for " + description
                        + "; last value: " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
