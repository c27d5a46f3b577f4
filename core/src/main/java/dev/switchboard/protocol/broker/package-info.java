/**
 * The sgc broker protocol ({@code broker.esegece.com}): several subprotocols (sgc {@code esegece.com}, STOMP, MQTT,
 * any registered token) on one WebSocket connection, each with its own per-connection state, as the sgcWebSockets
 * TsgcWSPServer_Broker does. {@code docs/protocols.md} is the user guide.
 *
 * <p>The sgc product does not document its envelope (its source only names a wrapped message's id
 * {@code <protocolGuid>.<protocolName>}), so this one is Switchboard's own, keyed by the inner protocol's token:
 * <ul>
 *   <li>Text frames are one flat JSON object whose members are all strings, each at most once:
 *       {@code {"broker":"open","protocol":"esegece.com"}} opens an inner protocol,
 *       {@code {"broker":"close","protocol":"esegece.com"}} closes it, and
 *       {@code {"broker":"message","protocol":"esegece.com","data":"<inner text frame>"}} carries one inner text frame
 *       either way. The server answers {@code {"broker":"opened","protocol":...}},
 *       {@code {"broker":"closed","protocol":...,"code":1000,"reason":""}} (code a number) and, for a frame it refuses,
 *       {@code {"broker":"error","protocol":...,"message":...}} ({@code protocol} left out when the frame named none
 *       readable); a refused frame has no other effect and the connection stays open.
 *   <li>Binary frames carry one inner binary frame: one byte N (1 to 255), N bytes of the inner token in printable
 *       US-ASCII, then the payload.
 *   <li>A text frame that is not an envelope can reach the client only from the application (a broadcast to every
 *       connection, a send to the carrier's id): it is addressed to the carrier, not to an inner protocol.
 * </ul>
 *
 * <p>Decisions:
 * <ul>
 *   <li>The client opens each inner protocol explicitly; a token that no bean supports, that
 *       {@code switchboard.sgc-broker.protocols} leaves out, the broker's own token, one already open, or one beyond
 *       {@code switchboard.sgc-broker.max-protocols} open at once gets an error frame.
 *   <li>Each inner protocol is a connection of its own to the hub (its own id, attributes, subscriptions and budgets,
 *       registered and listed like any other, counted towards the connection limits) that shares the carrier's
 *       handshake, identity and outbound queue. A publication is encoded once per inner handler, as for direct
 *       connections, and wrapped per subscriber.
 *   <li>Inbound checks run twice: on the envelope as the transport received it, and on the decoded inner frame, so
 *       a firewall rule sees what the inner protocol reads. A broker frame thus counts twice against the flood limit.
 *   <li>When the server closes an inner connection with 1000 (a STOMP DISCONNECT) only that protocol closes and the
 *       client gets {@code closed}; any other code (a firewall verdict, a protocol error, a credential expiry) closes
 *       the carrier with that code, as it would a direct connection. Closing the carrier closes every inner protocol.
 * </ul>
 */
package dev.switchboard.protocol.broker;
