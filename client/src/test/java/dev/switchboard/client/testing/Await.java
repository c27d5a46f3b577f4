package dev.switchboard.client.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits for a condition with a deadline, so no test sleeps for a guessed time. The failure names what was awaited
 * and the last value seen. Polling starts at 1 ms and slows to 50 ms.
 */
public final class Await {

    /** The default deadline: long enough for a loaded machine, short enough to fail a hung test quickly. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Await() {}

    /** A condition that may throw. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value that may throw while read. */
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

    /** Waits until {@code condition} holds, up to {@code within}; {@code what} is read only if the wait fails. */
    public static void until(java.util.function.Supplier<String> what, Duration within, Condition condition) {
        try {
            until("the condition", within, condition);
        } catch (AssertionError timedOut) {
            throw new AssertionError("timed out after " + within + " awaiting " + what.get(), timedOut);
        }
    }

    /** Waits until {@code value} satisfies {@code condition}, up to {@link #DEADLINE}, and returns it. */
    public static <T> T value(String what, Value<T> value, Predicate<? super T> condition) {
        return value(what, DEADLINE, value, condition);
    }

    /** Waits until {@code value} satisfies {@code condition}, up to {@code within}, and returns it. */
    public static <T> T value(String what, Duration within, Value<T> value, Predicate<? super T> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        long poll = Duration.ofMillis(1).toNanos();
        T current = null;
        while (true) {
            try {
                current = value.get();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("reading " + what + " failed", e);
            }
            if (condition.test(current)) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "timed out after " + within + " awaiting " + what + "; last value: " + current);
            }
            LockSupport.parkNanos(poll);
            poll = Math.min(poll * 2, Duration.ofMillis(50).toNanos());
        }
    }
}
