/**
 * The transport-neutral hub: the connection registry, the subprotocol registry, and the bounded per-connection
 * outbound queue every transport sends through.
 *
 * <p>WebSocket and SSE connections are the same to the hub; a transport adapter only supplies the one-frame
 * write and the close (see {@link dev.switchboard.hub.BaseConnection}).
 *
 * <p>Channel names enter the hub in their one canonical form and masks match them through the one matcher of
 * {@link dev.switchboard.channel} (NFC names, a single per-code-point fold, linear-time matching), which the
 * permission rules share. What a client sends is limited and what it holds is budgeted
 * ({@link dev.switchboard.hub.ClientBudgets}); refusals are counted per connection and in the hub.
 */
package dev.switchboard.hub;
