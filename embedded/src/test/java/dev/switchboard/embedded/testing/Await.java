package dev.switchboard.embedded.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits for a condition with a deadline, so no test sleeps for a guessed time. The failure names what was awaited,
 * the deadline and, where there is one, the last value seen. Polling starts every millisecond and slows to every
 * 50 ms, so a condition that asks the server over HTTP does not flood it.
 */
public final class Await {

    /** The default deadline: long enough for a loaded CI machine, short enough to fail a hung test quickly. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final long FIRST_POLL_NANOS = Duration.ofMillis(1).toNanos();
    private static final long LAST_POLL_NANOS = Duration.ofMillis(50).toNanos();

    private Await() {}

    /** A condition that may ask the server, and so may fail with a checked exception. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value that may be read from the server, and so may fail with a checked exception. */
    @FunctionalInterface
    public interface Value<T> {
        T get() throws Exception;
    }

    /** Waits until {@code condition} holds, up to {@link #DEADLINE}. */
    public static void until(String what, Condition condition) {
        until(what, DEADLINE, condition);
    }

    /** Waits until {@code condition} holds, up to {@code within}. */
    public static void until(String what, Duration within, Condition condition) {
        value(what, within, condition::holds, Boolean::booleanValue);
    }

    /** Waits until {@code value} satisfies {@code condition}, up to {@link #DEADLINE}; returns that value. */
    public static <T> T value(String what, Value<T> value, Predicate<? super T> condition) {
        return value(what, DEADLINE, value, condition);
    }

    /**
     * Waits until {@code value} satisfies {@code condition}, up to {@code within}; returns that value. An unchecked
     * exception from {@code value} ends the wait as it is; a checked one ends it as an {@link AssertionError}.
     */
    public static <T> T value(String what, Duration within, Value<T> value, Predicate<? super T> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        long poll = FIRST_POLL_NANOS;
        while (true) {
            T current = read(what, value);
            if (condition.test(current)) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                String last = current instanceof Boolean ? "" : "; last value: " + current;
                throw new AssertionError("Timed out after " + within.toMillis() + " ms waiting for " + what + last);
            }
            LockSupport.parkNanos(poll);
            poll = Math.min(poll * 2, LAST_POLL_NANOS);
        }
    }

    private static <T> T read(String what, Value<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
        } catch (Exception e) {
            throw new AssertionError("Failed while waiting for " + what, e);
        }
    }
}
