package dev.switchboard.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An open transaction on one channel ({@link SwitchboardClient#transaction(String)}): the server holds what is
 * published through it until {@link #commit()}, which publishes everything in order, or {@link #rollback()}, which
 * drops it. It belongs to the connection it was opened on; when that connection is lost the server discards it,
 * and {@link #commit()} fails instead of committing an empty transaction on the next connection.
 */
public final class Transaction {

    private final SwitchboardClient client;
    private final String channel;
    private final int owner;
    private final CompletableFuture<Void> begun;

    Transaction(SwitchboardClient client, String channel, int owner, CompletableFuture<Void> begun) {
        this.client = client;
        this.channel = channel;
        this.owner = owner;
        this.begun = begun;
    }

    /** The transaction's channel. */
    public String channel() {
        return channel;
    }

    /** Completes when the server acknowledged the start of the transaction. */
    public CompletableFuture<Void> begun() {
        return begun.copy();
    }

    /** Publishes a text in the transaction; held by the server until the commit. */
    public CompletableFuture<Void> publish(String message) {
        return publish(message, QueueLevel.NONE);
    }

    /** Publishes a text in the transaction with a queue level, applied at the commit. */
    public CompletableFuture<Void> publish(String message, QueueLevel queue) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(queue, "queue");
        if (!client.sameConnection(owner)) {
            return CompletableFuture.failedFuture(lost());
        }
        return client.publishInTransaction(channel, message, queue);
    }

    /**
     * Commits: the server publishes what it held, in order.
     *
     * @return completes at the server's acknowledgment; fails when the transaction's connection was lost (nothing
     *     was published) or is lost before the acknowledgment (the outcome is unknown)
     */
    public CompletableFuture<Void> commit() {
        return end("sgc@commit");
    }

    /** Rolls back: the server drops what it held. Completes at the server's acknowledgment. */
    public CompletableFuture<Void> rollback() {
        return end("sgc@rollback");
    }

    private CompletableFuture<Void> end(String method) {
        if (!client.sameConnection(owner)) {
            return CompletableFuture.failedFuture(lost());
        }
        return client.control(method, channel);
    }

    private SwitchboardException lost() {
        return new SwitchboardException(
                "the connection of the transaction on \"" + channel + "\" was lost; the server discarded it");
    }
}
