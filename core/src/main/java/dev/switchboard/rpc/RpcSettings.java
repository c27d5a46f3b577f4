package dev.switchboard.rpc;

/**
 * The settings of RPC calls to the application's methods ({@code switchboard.rpc.*}), read by the configuration
 * producer so that this package depends on the API alone.
 *
 * @param maxPending most asynchronous calls one connection may have waiting for their results
 */
public record RpcSettings(int maxPending) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when {@code maxPending} is not positive
     */
    public RpcSettings {
        if (maxPending < 1) {
            throw new IllegalArgumentException("switchboard.rpc.max-pending must be positive: " + maxPending);
        }
    }
}
