package dev.switchboard.firewall.internal.stage;

/**
 * A stage's decision: pass to the next stage, allow at once (the stages after it are skipped), or refuse.
 *
 * @param <R> what a refusal carries: a {@link dev.switchboard.firewall.Refusal} for a request, a {@link
 *     MessageRefusal} for a message, a {@link dev.switchboard.firewall.Ban} for a failed authentication
 */
public sealed interface Decision<R> {

    /**
     * Let the next stage decide.
     *
     * @param <R> the refusal type
     */
    record Pass<R>() implements Decision<R> {}

    /**
     * Allow at once; the later stages are skipped.
     *
     * @param <R> the refusal type
     */
    record Allow<R>() implements Decision<R> {}

    /**
     * Refuse; the later stages are skipped.
     *
     * @param refusal what the refusal says
     * @param <R>     the refusal type
     */
    record Refuse<R>(R refusal) implements Decision<R> {}

    /**
     * The shared pass decision.
     *
     * @param <R> the refusal type
     * @return it
     */
    @SuppressWarnings("unchecked")
    static <R> Decision<R> pass() {
        return (Decision<R>) Shared.PASS;
    }

    /**
     * The shared allow decision.
     *
     * @param <R> the refusal type
     * @return it
     */
    @SuppressWarnings("unchecked")
    static <R> Decision<R> allow() {
        return (Decision<R>) Shared.ALLOW;
    }

    /**
     * A refusal.
     *
     * @param refusal what it says
     * @param <R>     the refusal type
     * @return it
     */
    static <R> Decision<R> refuse(R refusal) {
        return new Refuse<>(refusal);
    }

    /** The decisions without state, allocated once: the pass path runs for every request and message. */
    final class Shared {
        private static final Decision<?> PASS = new Pass<>();
        private static final Decision<?> ALLOW = new Allow<>();

        private Shared() {}
    }
}
