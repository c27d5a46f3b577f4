/**
 * The sgc default protocol ({@code esegece.com}), wire-compatible with the sgcWebSockets JavaScript and Delphi
 * clients: sessions, acknowledgments, channels with queues, broadcasts, transactions, QoS 0/1/2 in both
 * directions, and JSON-RPC calls to {@link dev.switchboard.api.RpcMethod @RpcMethod} beans.
 *
 * <p>{@link dev.switchboard.protocol.sgc.SgcProtocol} is the handler (the passive half),
 * {@link dev.switchboard.protocol.sgc.SgcGateway} what applications call (the active half), and
 * {@link dev.switchboard.protocol.sgc.SgcMessageEvent} the CDI event for plain {@code sgc@message}s. The
 * user guide is {@code docs/sgc-protocol.md}; the wire format follows JSON-RPC 2.0
 * (<a href="https://www.jsonrpc.org/specification">specification</a>) with the sgc conventions.
 *
 * <h2>Decisions</h2>
 * Where the original protocol is ambiguous or unsafe, this implementation decides as follows (each is tested):
 * <ol>
 * <li><b>Acknowledgments.</b> Every inbound message with a non-empty id is acknowledged at once, before it is
 *     processed, except acknowledgments themselves and the QoS 2 control messages: a QoS 2 message is answered
 *     with {@code sgc@pubrec} (not an ack) and acknowledged when released; a {@code sgc@pubrel} is answered by
 *     that acknowledgment only; a {@code sgc@pubrec} is never acknowledged. A {@code sgc@publish} outside a
 *     transaction is acknowledged once the broker has taken it (before its delivery, so still ahead of the
 *     publisher's own copy); one the broker refuses gets -32000 instead of an acknowledgment, so the client keeps
 *     it and may retry. An empty id ({@code "id":""}) counts as no id. Numeric ids are accepted and echoed as
 *     numbers.</li>
 * <li><b>QoS 2 exactly once.</b> As in sgc, a QoS 2 message (any method) is stored under its id (within the
 *     connection's budget), a retry replaces it, and {@code sgc@pubrel} processes it. Beyond sgc, a released id is remembered per connection
 *     (for twice the QoS timeout, at most 1024 ids) so that a retry of the original message arriving after its
 *     release is answered with {@code sgc@pubrec} but not processed again.</li>
 * <li><b>Server QoS.</b> At server QoS level 1 or 2 the session message, RPC results and every error that carries
 *     an id are tracked until the client acknowledges the id and re-sent every interval once older than the
 *     timeout. A client {@code sgc@pubrec} for a tracked message is answered with {@code sgc@pubrel}, which is then
 *     tracked in its place. At most 1024 messages are tracked per connection (oldest dropped).
 *     <b>{@code sgc@event} fan-out is not tracked</b>, as in sgc: a publication is encoded once for all
 *     subscribers and carries no id, and sgc clients do not acknowledge events. Applications that need reliable
 *     delivery to late or reconnecting clients use queue levels.</li>
 * <li><b>Channels and masks.</b> A comma list is split and each channel is decided, subscribed and answered on its
 *     own. A mask ({@code *}, {@code ?}, {@code [set]}, when {@code switchboard.channels.masks} is on) is not
 *     expanded against today's channels as sgc does: it becomes one live mask subscription (the hub's semantics),
 *     answered once with the mask as channel, and replays the kept messages of every matching channel. Subscribe and
 *     unsubscribe without a channel get -32602.</li>
 * <li><b>Unsubscribe.</b> {@code sgc@unsubscribe} answers every removed subscription, or the requested name when
 *     it was not subscribed (unsubscribing is idempotent). {@code sgc@unsubscribe_all}, which has no reply in sgc,
 *     answers one {@code sgc@unsubscribe} per removed subscription so that clients can update their lists.</li>
 * <li><b>Queues.</b> Level 1 keeps the last message per channel, level 2 all of them up to
 *     {@code switchboard.sgc.queue.max-messages} (oldest dropped). The kept text is the published text after
 *     publish handlers rewrote it. A publish to a mask keeps the message under every concrete channel with
 *     subscribers that matches. Nothing is replayed on connect: sgc replays channel {@code ""}, which cannot be
 *     published to here because channel names are never empty. A subscriber racing a queued publication may
 *     receive that message both live and replayed (at least once, never lost).</li>
 * <li><b>Broadcast.</b> A client {@code sgc@broadcast} reaches every {@code esegece.com} connection, or the
 *     subscribers of each listed channel, as a result-form {@code sgc@message}; it is decided by the publish
 *     handlers like a publication (channel {@code ""} when none is given), so an application can refuse it.</li>
 * <li><b>Plain messages.</b> {@code sgc@message} is fired as the synchronous CDI event
 *     {@link dev.switchboard.protocol.sgc.SgcMessageEvent}. Server-sent messages use the result form
 *     ({@code {"result":{"method":"sgc@message",...}}}), which both the JS and the Delphi clients read, rather
 *     than the request form sgc's {@code WriteData} uses and the JS ignores.</li>
 * <li><b>Transactions.</b> Only payload messages ({@code sgc@publish}, {@code sgc@broadcast},
 *     {@code sgc@message}) whose channel equals an open transaction's channel are held; subscriptions, RPC and
 *     control messages are never held. Held messages are acknowledged on arrival and decided by the publish
 *     handlers when committed. Opening an open transaction keeps it; commit or rollback without one does nothing.
 *     A transaction holds at most {@code switchboard.sgc.transaction.max-messages}; more are refused with -32000.
 *     Transactions end with the connection.</li>
 * <li><b>Base64.</b> A message text starting with {@code sgc@b64:} is decoded (Base64 of UTF-8) on arrival;
 *     invalid Base64 gets -32602. The server never encodes: JSON string escaping carries any text safely.</li>
 * <li><b>RPC.</b> A request whose method does not start with {@code sgc@} is an RPC call when it has an id and a
 *     notification otherwise. The result is the JSON-B mapping of the method's return value, embedded as JSON
 *     (a {@code String} result is a JSON string). params given as a string are tried as the JSON it holds, then as
 *     the string; an empty string means no params. The unescaped {@code "params":"{"a":1}"} the 2021 JS writes is
 *     repaired when re-quoting that value makes the frame valid JSON. Unknown {@code sgc@} methods get -32601.
 *     Methods run on the inbound thread of the calling connection and should return quickly.</li>
 * <li><b>RPC authorization.</b> When {@code switchboard.sgc.rpc.authorization} is on, a method may be called
 *     only if {@code switchboard.sgc.rpc.allowed-methods} lists it as {@code method} or as {@code method=user}
 *     with the connection principal's name; any other call gets -32601 (as sgc, indistinguishable from an
 *     unknown method); a refused notification is dropped.</li>
 * <li><b>Malformed input.</b> Text that is not JSON gets -32700 with a null id; JSON that is not an sgc envelope
 *     (not an object, a batch, {@code jsonrpc} other than {@code "2.0"}, no method/result/error, an id that is
 *     neither string nor number) gets -32600; wrong field values ({@code qos}, {@code queue}, a non-string
 *     {@code method} inside a result) get -32602. The connection stays open in every case.</li>
 * <li><b>Resume (an extension).</b> With message history on, {@code sgc@event} carries the publication's
 *     {@code offset} and {@code epoch} inside {@code result} (sgc clients ignore unknown fields; the frame is still
 *     encoded once per publication). {@code sgc@resume} with {@code channel}, {@code epoch} and {@code offset}
 *     subscribes one exact channel and, under the hub's channel lock ({@code Hub.subscribeAfterReplay}), sends an
 *     {@code sgc@gap} result when the history cannot cover what was missed (reasons {@code evicted},
 *     {@code epoch}, {@code unavailable}, as the SSE {@code gap} event), the missed events with their positions,
 *     and last the {@code sgc@resume} reply with the position reached; live events follow with nothing lost or
 *     doubled. Without a position it is a new subscription told the channel's head (queued messages are replayed
 *     as for a subscribe). On an event-stream connection opened with {@code Last-Event-ID}, a resume without a
 *     position and a plain subscribe of an exact channel resume from that cursor. Lists, masks, a negative or
 *     non-integer offset and a non-string epoch get -32602.</li>
 * <li><b>Publish and subscribe decisions.</b> Denials from the application's handlers are answered with a
 *     JSON-RPC error carrying the handler's code and message, and the refused channel as {@code data}.</li>
 * <li><b>Channel names and limits.</b> Every channel spec a client sends is split, made canonical (NFC) and
 *     de-duplicated once ({@code Hub.clientChannels}); a name over {@code switchboard.channels.max-length}, a mask
 *     over {@code switchboard.channels.max-wildcards} or a list over {@code switchboard.channels.max-list} gets
 *     -32602 with the limit as {@code data}, and nothing of the request is done. Replies and events name the
 *     canonical channel, which is the client's own text for every client that writes NFC.</li>
 * <li><b>Budgets (an extension).</b> sgc bounds none of what a client can make the server hold; here each
 *     connection has budgets ({@link dev.switchboard.protocol.sgc.SgcBudgets}, smaller without a principal):
 *     subscriptions, open transactions and their bytes, QoS 2 messages waiting for release and their bytes, channel
 *     queues created and the bytes kept in them. A request beyond a budget has no effect and gets
 *     -32029 {@code Budget exceeded} with the budget as {@code data}; the connection stays open. A QoS 2 message
 *     refused this way gets that error instead of {@code sgc@pubrec}, so the client knows it was not kept. A
 *     queued publication is kept in all its channels or refused in all. The server-wide queue bounds evict the
 *     queues written least recently instead of refusing, so one client cannot lock out the others.</li>
 * <li><b>Drain notice (an extension).</b> When the node starts draining ({@code dev.switchboard.ops.Drain}) every
 *     connection gets {@code {"jsonrpc":"2.0","method":"sgc@drain","params":{"retryAfter":N}}}: a notification in
 *     request form, like the server's {@code sgc@pubrel}, with no id so nothing is answered; sgc clients ignore
 *     the unknown method. The close at the drain's deadline is a plain 1001 close: channel queues and history stay,
 *     per-connection QoS state and transactions end with the connection as on any close.</li>
 * <li><b>QoS sessions (an extension).</b> sgc keeps QoS 2 state with the connection, so a flow cut between the
 *     processing of its {@code sgc@pubrel} and the acknowledgment is processed again when the client repeats it on
 *     its next connection. A client that sends {@code sgc@qos-session} with {@code params.key} (a random token of
 *     22 to 64 base64url characters, checked in one pass) names a QoS session: when the connection closes, its
 *     stored QoS 2 messages and released ids are kept node-locally under (principal, key) for
 *     {@code switchboard.sgc.qos.session-ttl} (at most {@code switchboard.sgc.qos.max-sessions}, oldest dropped), and
 *     the next connection of the same principal naming the key takes them over, so a retry is stored again and
 *     released once, and a retry of a released id is answered {@code sgc@pubrec} and not processed. The answer is
 *     an acknowledgment, then the result {@code sgc@qos-session} with {@code adopted}, {@code stored} and
 *     {@code released}. A key held by a live connection is refused with -32009 (the client names it again after
 *     the old connection closed); a connection whose close has begun (heartbeat timeout) no longer holds it, and its
 *     state is taken over at once; a malformed key, a second key, or a key named after the connection's first QoS 2
 *     message get -32602; with the TTL at 0 the method is unknown (-32601). Clients that never send it see sgc's
 *     behaviour unchanged. The registry is not shared between nodes.</li>
 * </ol>
 */
package dev.switchboard.protocol.sgc;
